// AArch64 Linux: uc_mcontext has pc and regs[0..30]; x29 is the frame pointer.
#include <ucontext.h>

#include "platform/signal_context.h"

namespace sable::platform {

uintptr_t faultPc(const ucontext_t* context) {
  return static_cast<uintptr_t>(context->uc_mcontext.pc);
}

uintptr_t faultFramePointer(const ucontext_t* context) {
  return static_cast<uintptr_t>(context->uc_mcontext.regs[29]);
}

void redirectFault(ucontext_t* context, uintptr_t landing, uintptr_t arg0, uintptr_t arg1,
                   uintptr_t arg2) {
  context->uc_mcontext.pc = landing;
  context->uc_mcontext.regs[0] = arg0;
  context->uc_mcontext.regs[1] = arg1;
  context->uc_mcontext.regs[2] = arg2;
}

}  // namespace sable::platform
