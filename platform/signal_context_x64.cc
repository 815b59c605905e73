// x86-64 Linux: general registers are in uc_mcontext.gregs, indexed by REG_* (which
// <sys/ucontext.h> only defines with _GNU_SOURCE; g++ always defines it).
#include <ucontext.h>

#include "platform/signal_context.h"

namespace sable::platform {

uintptr_t faultPc(const ucontext_t* context) {
  return static_cast<uintptr_t>(context->uc_mcontext.gregs[REG_RIP]);
}

uintptr_t faultFramePointer(const ucontext_t* context) {
  return static_cast<uintptr_t>(context->uc_mcontext.gregs[REG_RBP]);
}

void redirectFault(ucontext_t* context, uintptr_t landing, uintptr_t arg0, uintptr_t arg1,
                   uintptr_t arg2) {
  greg_t* registers = context->uc_mcontext.gregs;
  registers[REG_RIP] = static_cast<greg_t>(landing);
  registers[REG_RDI] = static_cast<greg_t>(arg0);
  registers[REG_RSI] = static_cast<greg_t>(arg1);
  registers[REG_RDX] = static_cast<greg_t>(arg2);
}

}  // namespace sable::platform
