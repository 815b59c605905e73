// The lifting and lowering context (CanonicalABI.md "Lifting and Lowering Context"): the
// options, the instance, the handles' bookkeeping of the current call, and allocation through
// the instance's realloc.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "component/canon/inline_list.h"
#include "component/canon/instance_state.h"
#include "component/canon/options.h"
#include "component/canon/resource.h"
#include "component/canon/type_desc.h"
#include "sable/store.h"

namespace sable::canon {

// Which wording traps use. The reference tests expect Wasmtime's: its host path reports
// "realloc return: ..." and "string pointer/length out of bounds of memory", its
// component-to-component adapters "wasm trap: unaligned pointer" and "wasm trap: string
// content out-of-bounds".
enum class TrapStyle : uint8_t { Host, Adapter };

// The bookkeeping of one call for handles: handles lent by the caller (their lend count drops
// when the call ends), borrows given to the callee (all must be dropped by then), borrows the
// host table holds for the call's duration, and every handle lowered into the callee.
// A handle lowering put in an instance's table: its index there and, for an owning handle,
// the host table index it came from.
struct LoweredHandle {
  uint32_t instanceIndex = 0;
  std::optional<uint32_t> hostIndex;
};

struct CallScope {
  BorrowScope calleeBorrows;
  // The handles lowered into the callee so far, in order (undone when lowering fails).
  InlineList<LoweredHandle, 2> lowered;
  InlineList<std::pair<HandleTable*, uint32_t>, 2> lenders;
  InlineList<uint32_t, 2> hostBorrows;
};

// Everything a lift or lower step needs.
struct LiftLowerContext {
  Store& store;
  const TypeArena& types;
  const CanonOptions& opts;
  // The instance whose memory, realloc and handle table are used.
  InstanceState& inst;
  const ResourceRegistry& resources;
  // The host's handle table: cm::Val own/borrow handles index it.
  HandleTable& hostHandles;
  // The call whose borrows are tracked (null when the types hold no borrow).
  CallScope* scope = nullptr;
  TrapStyle style = TrapStyle::Host;
  // Lifted UTF-8 strings and integer lists refer to the instance's memory instead of copying
  // it (cm::Val::borrowedString): only for values that cannot outlive the call, a host
  // function's arguments (the instance cannot run, so its memory cannot grow, until they are
  // gone).
  bool borrowMemory = false;
};

// The instance's memory bytes (re-read after every realloc: memory may grow); a Trap when the
// options have no memory.
Result<std::span<uint8_t>> memoryBytes(const LiftLowerContext& cx);

// realloc(old, oldSize, align, newSize) with may_leave cleared while it runs.
Result<uint32_t> reallocate(LiftLowerContext& cx, uint32_t old, uint32_t oldSize, uint32_t align,
                            uint32_t newSize);
// realloc(0, 0, align, size).
inline Result<uint32_t> allocate(LiftLowerContext& cx, uint32_t align, uint32_t size) {
  return reallocate(cx, 0, 0, align, size);
}

// The traps of a pointer returned by realloc for `size` bytes of `what` ("list", "string"):
// misaligned, then out of bounds.
Result<void> checkAllocation(const LiftLowerContext& cx, uint64_t ptr, uint64_t align,
                             uint64_t size, std::string_view what);
// The traps of a pointer read from core wasm for `size` bytes of `what`.
Result<void> checkRange(const LiftLowerContext& cx, uint64_t ptr, uint64_t align, uint64_t size,
                        std::string_view what);

// Little-endian integer access to bytes known to be in bounds.
uint64_t loadInt(std::span<const uint8_t> bytes, uint64_t ptr, uint32_t size);
void storeInt(std::span<uint8_t> bytes, uint64_t ptr, uint32_t size, uint64_t value);

}  // namespace sable::canon
