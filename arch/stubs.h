// Engine-wide machine-code stubs, one set per Engine, emitted by the architecture back end.
#pragma once

#include <asmjit/core.h>

namespace sable::arch {

// Labels of the stubs inside the CodeHolder they were emitted into.
struct StubLabels {
  // uint32_t enter(VMContext* ctx, const void* code, uint64_t* area, uint32_t areaSlots):
  // saves the C callee-saved registers, records the entry stack pointer in the activation,
  // copies the argument area onto the stack, calls `code`, copies the area back, returns 0.
  asmjit::Label enter;
  // Called from wasm like a wasm function, with a HostCallContext* in the context register:
  // calls its dispatch(ctx, area) and raises the returned trap code if it is not None.
  asmjit::Label hostCall;
  // Jumped to with (trap code, pc, frame pointer) in the first three C argument registers and
  // the context register intact: calls VMBuiltins::recordTrap, then unwinds to the frame
  // `enter` recorded and returns the trap code from `enter`.
  asmjit::Label trap;
};

StubLabels emitEngineStubs(asmjit::CodeHolder& code);

}  // namespace sable::arch
