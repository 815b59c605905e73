// The context of a host function as generated code sees it. Part of the ABI: the host-call stub
// of each back end reads `dispatch` at its offset and the runtime fills it in.
#pragma once

#include <cstdint>

#include "abi/vm.h"

namespace sable::vm {

// A host function as wasm sees it: FuncRef::vmctx points here, FuncRef::code at the engine's
// host-call stub. `base` comes first so the stub can treat it as a VMContext (activation).
//
// Every back end's stub sets up a frame record {caller's frame pointer, return address into
// the calling wasm code} and passes `dispatch` the argument area right above it: the 8 bytes
// below `area` hold the return address, from which the runtime finds the calling instance.
struct HostCallContext {
  VMContext base;
  // Runs the host function on the argument area (params in, results out, ArgLayout order).
  // Returns a TrapCode: None, or the trap to raise in the calling wasm code.
  uint32_t (*dispatch)(HostCallContext* self, uint64_t* area) = nullptr;
  void* data = nullptr;
};

}  // namespace sable::vm
