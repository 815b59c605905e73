// The runtime data layout that generated code reads directly, and the calling convention
// between generated code and C++. Everything here is arch-neutral; offsets are taken with
// offsetof by the back ends, so fields may be reordered freely.
//
// Wasm calling convention (both architectures):
// - The callee's VMContext* is in the pinned context register (x64: r14, arm64: x21) at entry.
//   Wasm functions never change it except around calls to other instances, after which the
//   caller reloads its own from its frame.
// - Parameters and results travel in an area of 8-byte slots in the caller's frame, at the
//   stack pointer at the call (x64: [rsp+8] after the return address is pushed; arm64: [sp]).
//   Parameters first, then results; a v128 takes two slots. See ArgLayout.
// - A call preserves the stack and frame pointers and the architecture's callee-saved
//   registers that the wasm convention shares with C (x64: rbx, r12, r13; arm64: x19-x28);
//   every other register is clobbered. The memory-base register is reloaded after every call,
//   as the callee may have grown (or, in bounds-checked mode, moved) the memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sable/trap.h"
#include "sable/types.h"

namespace sable::vm {

struct VMContext;

// Why wasm code stopped: the public TrapKind itself, so runtime and API never convert. Values
// are stable: generated code materialises them as immediates.
using TrapCode = TrapKind;

inline const char* trapCodeMessage(TrapCode code) { return trapKindMessage(code); }

// A function value: what funcref table elements and the per-instance function array hold.
// Host functions have `code` pointing at the engine's host-call stub and `vmctx` pointing at
// their HostFunctionContext (whose first field makes it look like a VMContext to the stub).
struct FuncRef {
  const void* code = nullptr;
  VMContext* vmctx = nullptr;
  uint32_t sigId = 0;  // engine-wide canonical id of the function's type
};

// Linear memory as generated code sees it. Owned by the runtime's Memory object; instances
// importing the memory point at the same record, so growth is seen by all of them.
struct VMMemory {
  uint8_t* base = nullptr;
  uint64_t sizeBytes = 0;  // current size, for memory.size and explicit bounds checks
};

// A table: funcref elements are FuncRef* (null = ref.null), externref elements are opaque
// host pointers (null = ref.null).
struct VMTable {
  void** elements = nullptr;
  uint32_t size = 0;
};

// A global's storage, large enough for v128. Imported globals point at the exporter's.
struct alignas(16) VMGlobal {
  uint64_t lo = 0;
  uint64_t hi = 0;
};

// Per-store state of the current host-to-wasm call, found from any VMContext.
struct VMActivation {
  uintptr_t stackLimit = 0;         // prologues trap with CallStackExhausted below this
  uintptr_t entryStackPointer = 0;  // where the entry trampoline's frame is, to unwind a trap
  TrapCode trapCode = TrapCode::None;
  uintptr_t trapPc = 0;
  uintptr_t trapFramePointer = 0;

  // Interruption. This belongs to the store, not to one entry: a nested entry keeps it.
  // Fuel left; code compiled to consume fuel subtracts each straight-line run's cost at its
  // end and traps with FuelExhausted when this goes below zero.
  int64_t fuelRemaining = 0;
};

// Helpers that generated code calls for operations too large to inline. C calling convention;
// each returns a TrapCode (None on success) where it can trap.
struct VMBuiltins {
  // Returns the old size in pages, or -1.
  int32_t (*memoryGrow)(VMContext* ctx, uint32_t deltaPages) = nullptr;
  uint32_t (*memoryCopy)(VMContext* ctx, uint32_t dst, uint32_t src, uint32_t n) = nullptr;
  uint32_t (*memoryFill)(VMContext* ctx, uint32_t dst, uint32_t value, uint32_t n) = nullptr;
  uint32_t (*memoryInit)(VMContext* ctx, uint32_t segment, uint32_t dst, uint32_t src,
                         uint32_t n) = nullptr;
  void (*dataDrop)(VMContext* ctx, uint32_t segment) = nullptr;
  uint32_t (*tableInit)(VMContext* ctx, uint32_t table, uint32_t segment, uint32_t dst,
                        uint32_t src, uint32_t n) = nullptr;
  void (*elemDrop)(VMContext* ctx, uint32_t segment) = nullptr;
  uint32_t (*tableCopy)(VMContext* ctx, uint32_t dstTable, uint32_t srcTable, uint32_t dst,
                        uint32_t src, uint32_t n) = nullptr;
  // Returns the old size, or -1.
  int32_t (*tableGrow)(VMContext* ctx, uint32_t table, void* init, uint32_t delta) = nullptr;
  uint32_t (*tableFill)(VMContext* ctx, uint32_t table, uint32_t dst, void* value,
                        uint32_t n) = nullptr;
  // Records a trap (code, faulting pc, frame pointer) in the activation; generated code then
  // unwinds to the entry trampoline.
  void (*recordTrap)(VMContext* ctx, uint32_t code, uintptr_t pc, uintptr_t fp) = nullptr;
};

// One instance's context: the first argument of every wasm function.
struct VMContext {
  VMMemory* memory = nullptr;  // memory 0, or null
  VMActivation* activation = nullptr;
  VMGlobal** globals = nullptr;  // one pointer per global index
  VMTable** tables = nullptr;    // one pointer per table index
  // One pointer per function index to its canonical FuncRef (owned by the store; an imported
  // function's entry points at the exporter's), so ref.func, tables and the host agree on one
  // identity per function.
  FuncRef** functions = nullptr;
  const uint32_t* sigIds = nullptr;  // canonical signature id per type index
  const VMBuiltins* builtins = nullptr;
  void* instance = nullptr;  // the runtime's Instance, for builtins
  // Non-zero once the store's epoch deadline has passed: code compiled with epoch checks traps
  // with Interrupted at its next function entry or loop header. Set by whichever thread
  // advances the engine's epoch (runtime/epoch_registry.h), only through std::atomic_ref;
  // compiled code polls it with a plain aligned load.
  uint32_t interruptRequested = 0;
};

// Where each parameter and result lives in the argument area, in bytes from its start.
struct ArgLayout {
  std::vector<uint32_t> paramOffsets;
  std::vector<uint32_t> resultOffsets;
  uint32_t sizeBytes = 0;  // total, a multiple of 8

  static ArgLayout of(std::span<const ValType> params, std::span<const ValType> results);
};

}  // namespace sable::vm
