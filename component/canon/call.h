// The synchronous call protocol (CanonicalABI.md canon_lift, canon_lower; Explainer.md
// "Component Invariants"): entering and leaving instances, lockdown after a trap, lowering and
// lifting arguments and results, post-return, and the end-of-call borrow checks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "component/canon/context.h"
#include "sable/component_guest_writer.h"
#include "sable/component_val.h"
#include "sable/func.h"
#include "sable/value.h"

namespace sable::canon {

// What every call needs from the store: the resource types and the host's handle table.
struct CallEnv {
  Store& store;
  const ResourceRegistry& resources;
  HandleTable& hostHandles;
};

// A function made by canon lift: a core function of `instance` with its component type.
struct LiftedFunc {
  Func core;
  const TypeArena* types = nullptr;
  FuncTypeDesc type;
  CanonOptions opts;
  InstanceState* instance = nullptr;
};

// The implementation behind a lowered import: takes and returns component values.
using ComponentCallable =
    std::function<Result<std::optional<cm::Val>>(std::span<const cm::Val> args)>;

// A function made by canon lower: what `instance`'s core code calls.
struct LoweredImport {
  // The host's implementation (unused when `direct` or `hostDirect` is set).
  ComponentCallable callee;
  const TypeArena* types = nullptr;
  FuncTypeDesc type;
  CanonOptions opts;
  InstanceState* instance = nullptr;
  // Adapter wording when the callee is another component instance.
  TrapStyle style = TrapStyle::Host;
  // Another instance's lifted function (same arena and type), called guest to guest with the
  // values moved memory to memory (callDirect), not through cm::Val.
  std::optional<LiftedFunc> direct = std::nullopt;
  // A typed host function writing its result into this instance without a cm::Val.
  cm::HostFuncDirect hostDirect = nullptr;
};

// Calls a lifted function with component values: from the host (`caller` null) or from
// another instance's lowered import (`caller` set, adapter trap wording). A trap inside locks
// the instance down: every later call into it traps.
Result<std::optional<cm::Val>> callLifted(const CallEnv& env, const LiftedFunc& func,
                                          std::span<const cm::Val> args,
                                          InstanceState* caller = nullptr,
                                          TrapStyle style = TrapStyle::Host);

// The body of a lowered import called by core code with `args` (a Func::host callback):
// fills `results` (zero or one value) or writes the result at the trailing out-pointer.
Result<void> callLowered(const CallEnv& env, const LoweredImport& import,
                         std::span<const Value> args, std::span<Value> results);

// The body of a lowered import whose callee is `import.direct` (guest to guest): enters the
// callee, moves the arguments from the caller's flat values and memory to the callee's by both
// canonical ABIs (canon/transfer.h), calls it, moves the result back, runs its post-return.
// A trap charged to the callee's side locks the callee down.
Result<void> callDirect(const CallEnv& env, const LoweredImport& import,
                        std::span<const Value> args, std::span<Value> results);

}  // namespace sable::canon
