// Turning hardware faults in generated code into wasm traps.
//
// Generated code relies on the hardware to detect some traps: an out-of-bounds access in
// guard-page mode faults (SIGSEGV, or SIGBUS), and an integer division by zero raises SIGFPE.
// The process-wide handler installed here recognises faults whose pc is inside a registered
// range of generated code and resumes the thread at that range's landing address with
//   first argument register  = the vm::TrapCode,
//   second argument register = the faulting pc,
//   third argument register  = the frame pointer at the fault,
// leaving every other register (including the stack pointer) as it was at the fault. Faults
// anywhere else are passed on to whatever handler was installed before ours. Threads that run
// wasm should call ensureAltStack() (platform/alt_signal_stack.h) first.
//
// Note for code generators: on x86-64, `idiv` of INT_MIN by -1 also raises SIGFPE with
// FPE_INTDIV, so it is reported as IntegerDivideByZero; generated code must check for that
// overflow explicitly.
#pragma once

#include <cstdint>

#include "abi/vm.h"
#include "sable/result.h"

namespace sable::platform {

// Installs the SIGSEGV, SIGBUS and SIGFPE handlers (SA_SIGINFO | SA_ONSTACK | SA_NODEFER),
// remembering the previous ones to chain to. Idempotent and thread-safe; the handlers stay
// installed for the life of the process. TrapHandlerRegistration::create calls it.
Result<void> installTrapHandlers();

// The landing address registered for `pc`, or 0 if `pc` is in no registered range.
// Async-signal-safe; also usable outside handlers (e.g. by tests and diagnostics).
uintptr_t trapLandingFor(uintptr_t pc);

// Keeps one range of generated code registered with the trap handler; unregisters it when
// destroyed. Move-only. Unregister (destroy) before freeing the code, and never while code in
// the range may be running.
class TrapHandlerRegistration {
 public:
  TrapHandlerRegistration() = default;  // registers nothing

  // Registers [begin, end) with landing address `landing` (which may lie anywhere, inside the
  // range or not). Installs the trap handlers first if needed. Fails with ErrorKind::Limit when
  // the process-wide registry is full.
  static Result<TrapHandlerRegistration> create(const void* begin, const void* end,
                                                const void* landing);

  TrapHandlerRegistration(TrapHandlerRegistration&& other) noexcept;
  TrapHandlerRegistration& operator=(TrapHandlerRegistration&& other) noexcept;
  TrapHandlerRegistration(const TrapHandlerRegistration&) = delete;
  TrapHandlerRegistration& operator=(const TrapHandlerRegistration&) = delete;
  ~TrapHandlerRegistration();

  bool active() const { return slot_ != kNoSlot; }
  // Unregisters now (no-op when not active).
  void reset();

 private:
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  explicit TrapHandlerRegistration(uint32_t slot) : slot_(slot) {}

  uint32_t slot_ = kNoSlot;
};

}  // namespace sable::platform
