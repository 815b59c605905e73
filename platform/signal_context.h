// The architecture-specific part of trap handling: reading and rewriting the register state a
// signal handler receives (the ucontext_t passed as its third argument). One implementation per
// architecture: signal_context_x64.cc, signal_context_arm64.cc. All functions are
// async-signal-safe.
#pragma once

#include <ucontext.h>

#include <cstdint>

namespace sable::platform {

// The program counter of the faulting instruction.
uintptr_t faultPc(const ucontext_t* context);

// The frame pointer register (x64: rbp, arm64: x29) at the fault.
uintptr_t faultFramePointer(const ucontext_t* context);

// Makes the interrupted thread resume at `landing` when the handler returns, with `arg0`,
// `arg1`, `arg2` in the first three C-ABI integer argument registers (x64: rdi, rsi, rdx;
// arm64: x0, x1, x2). Every other register, including the stack pointer, keeps its value at the
// fault; in particular the stack need not be ABI-aligned at `landing`.
void redirectFault(ucontext_t* context, uintptr_t landing, uintptr_t arg0, uintptr_t arg1,
                   uintptr_t arg2);

}  // namespace sable::platform
