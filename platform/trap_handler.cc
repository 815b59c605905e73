#include "platform/trap_handler.h"

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <iterator>
#include <mutex>
#include <utility>

#include "platform/code_range_registry.h"
#include "platform/signal_context.h"
#include "platform/system_error.h"

namespace sable::platform {

namespace {

constexpr int kTrapSignals[] = {SIGSEGV, SIGBUS, SIGFPE};
constexpr size_t kTrapSignalCount = std::size(kTrapSignals);

// THE process-wide trap-handling state, and the only mutable global in the runtime besides
// per-thread alternate signal stacks. It has to be global: signal dispositions belong to the
// process, not to an Engine, and a handler receives no user pointer. Every Engine (on any
// thread) registers its code here.
//
// constinit: constant-initialised, so it is usable before any constructor runs and the signal
// handler never meets a half-built object or a static-initialisation guard.
struct ProcessTrapState {
  // Serialises installation. (The registry has its own writer lock.)
  std::mutex installMutex;
  std::atomic<bool> installed{false};
  // The dispositions ours replaced, in kTrapSignals order. Written under installMutex before
  // our handler is installed, read-only afterwards; the handler reads them to chain.
  struct sigaction previous[kTrapSignalCount] = {};
  CodeRangeRegistry codeRanges;
};

constinit ProcessTrapState processTrapState;

const struct sigaction& previousAction(int signal) {
  size_t index = 0;
  while (index + 1 < kTrapSignalCount && kTrapSignals[index] != signal) ++index;
  return processTrapState.previous[index];
}

// The wasm trap a fault stands for, or None if the signal is not a fault we turn into a trap.
vm::TrapCode trapCodeFor(int signal, const siginfo_t* info) {
  // si_code <= 0 means another process or thread sent the signal (kill, tgkill, sigqueue):
  // not a fault of the interrupted instruction, even if the thread is in generated code.
  if (info->si_code <= 0) return vm::TrapCode::None;
  switch (signal) {
    case SIGSEGV:
    case SIGBUS:
      return vm::TrapCode::MemoryOutOfBounds;
    case SIGFPE:
      if (info->si_code == FPE_INTDIV) return vm::TrapCode::IntegerDivideByZero;
      if (info->si_code == FPE_INTOVF) return vm::TrapCode::IntegerOverflow;
      return vm::TrapCode::None;
    default:
      return vm::TrapCode::None;
  }
}

// Hands a signal that is not ours to the disposition we replaced.
void chainToPreviousHandler(int signal, siginfo_t* info, void* context) {
  const struct sigaction& previous = previousAction(signal);
  const bool isDefaultOrIgnore = previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN;
  if (!isDefaultOrIgnore) {
    if (previous.sa_flags & SA_SIGINFO) {
      previous.sa_sigaction(signal, info, context);
    } else {
      previous.sa_handler(signal);
    }
    return;
  }
  // Put the old disposition back and let the signal happen again under it: returning re-runs
  // the faulting instruction, which faults again (for SIG_DFL: the process dies with this
  // signal and dumps core, as if we had never been installed). A signal sent by someone else
  // is not re-raised by returning, so raise it. The process is going down either way (or the
  // signal was meant to be ignored), so losing our handler does not matter.
  sigaction(signal, &previous, nullptr);
  if (info->si_code <= 0) raise(signal);
}

void handleTrapSignal(int signal, siginfo_t* info, void* rawContext) {
  const int savedErrno = errno;
  auto* context = static_cast<ucontext_t*>(rawContext);
  const vm::TrapCode code = trapCodeFor(signal, info);
  if (code != vm::TrapCode::None) {
    const uintptr_t pc = faultPc(context);
    if (const uintptr_t landing = processTrapState.codeRanges.find(pc); landing != 0) {
      redirectFault(context, landing, static_cast<uintptr_t>(code), pc, faultFramePointer(context));
      errno = savedErrno;
      return;
    }
  }
  chainToPreviousHandler(signal, info, rawContext);
  errno = savedErrno;
}

}  // namespace

Result<void> installTrapHandlers() {
  if (processTrapState.installed.load(std::memory_order_acquire)) return {};
  std::lock_guard lock(processTrapState.installMutex);
  if (processTrapState.installed.load(std::memory_order_relaxed)) return {};

  // Read every previous disposition before installing anything, so the handler never chains
  // to a not-yet-saved one.
  for (size_t i = 0; i < kTrapSignalCount; ++i) {
    if (sigaction(kTrapSignals[i], nullptr, &processTrapState.previous[i]) != 0) {
      return systemError("sigaction (query)", errno);
    }
  }
  struct sigaction action = {};
  action.sa_sigaction = handleTrapSignal;
  // SA_ONSTACK: run on the alternate stack when the thread has one (stack overflow).
  // SA_NODEFER: a fault while chaining (or a second trap in a handler we chained to) is
  // delivered rather than left blocked, which for a synchronous fault would kill the process.
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < kTrapSignalCount; ++i) {
    if (sigaction(kTrapSignals[i], &action, nullptr) != 0) {
      const int error = errno;
      for (size_t j = 0; j < i; ++j) {
        sigaction(kTrapSignals[j], &processTrapState.previous[j], nullptr);
      }
      return systemError("sigaction (install)", error);
    }
  }
  processTrapState.installed.store(true, std::memory_order_release);
  return {};
}

uintptr_t trapLandingFor(uintptr_t pc) { return processTrapState.codeRanges.find(pc); }

Result<TrapHandlerRegistration> TrapHandlerRegistration::create(const void* begin, const void* end,
                                                                const void* landing) {
  const auto beginAddress = reinterpret_cast<uintptr_t>(begin);
  const auto endAddress = reinterpret_cast<uintptr_t>(end);
  if (beginAddress >= endAddress || landing == nullptr) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "trap handler registration needs a non-empty range and a landing address"};
  }
  if (auto installed = installTrapHandlers(); !installed) return installed.error();
  const auto slot = processTrapState.codeRanges.add(beginAddress, endAddress,
                                                    reinterpret_cast<uintptr_t>(landing));
  if (!slot) {
    return Error{ErrorKind::Limit, Error::kNoOffset,
                 "too many code ranges registered with the trap handler"};
  }
  return TrapHandlerRegistration(*slot);
}

TrapHandlerRegistration::TrapHandlerRegistration(TrapHandlerRegistration&& other) noexcept
    : slot_(std::exchange(other.slot_, kNoSlot)) {}

TrapHandlerRegistration& TrapHandlerRegistration::operator=(
    TrapHandlerRegistration&& other) noexcept {
  if (this != &other) {
    reset();
    slot_ = std::exchange(other.slot_, kNoSlot);
  }
  return *this;
}

TrapHandlerRegistration::~TrapHandlerRegistration() { reset(); }

void TrapHandlerRegistration::reset() {
  if (slot_ == kNoSlot) return;
  processTrapState.codeRanges.remove(slot_);
  slot_ = kNoSlot;
}

}  // namespace sable::platform
