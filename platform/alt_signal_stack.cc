#include "platform/alt_signal_stack.h"

#include <signal.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>

#include "platform/system_error.h"
#include "platform/virtual_memory.h"

namespace sable::platform {

namespace {

// The alternate stack this thread installed, if any. Uninstalled and unmapped at thread exit.
// thread_local because sigaltstack is per thread; it is the only per-thread state here.
class ThreadAltSignalStack {
 public:
  ~ThreadAltSignalStack() {
    if (mapping_ == nullptr) return;
    stack_t current{};
    // Only disable the alternate stack if it is still ours; something may have replaced it.
    if (sigaltstack(nullptr, &current) == 0 && current.ss_sp == usable()) {
      stack_t disable{};
      disable.ss_flags = SS_DISABLE;
      sigaltstack(&disable, nullptr);
    }
    munmap(mapping_, mappingBytes_);
  }

  Result<void> ensure() {
    // Known good: every call into wasm asks, and must not cost a system call each time.
    if (mapping_ != nullptr || keptExisting_) return {};
    const size_t wanted = std::max<size_t>(kAltSignalStackBytes, SIGSTKSZ);
    stack_t current{};
    if (sigaltstack(nullptr, &current) != 0) return systemError("sigaltstack", errno);
    if (!(current.ss_flags & SS_DISABLE) && current.ss_size >= wanted) {
      keptExisting_ = true;
      return {};
    }

    // A guard page below the stack (stacks grow down) turns a handler overflowing its stack
    // into a crash instead of silent corruption of whatever lies below.
    const size_t page = pageSize();
    const size_t usableBytes = (wanted + page - 1) / page * page;
    const size_t mappingBytes = usableBytes + page;
    void* mapping = mmap(nullptr, mappingBytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mapping == MAP_FAILED) return systemError("mmap (signal stack)", errno);
    if (mprotect(mapping, page, PROT_NONE) != 0) {
      const int error = errno;
      munmap(mapping, mappingBytes);
      return systemError("mprotect (signal stack guard)", error);
    }
    stack_t stack{};
    stack.ss_sp = static_cast<char*>(mapping) + page;
    stack.ss_size = usableBytes;
    if (sigaltstack(&stack, nullptr) != 0) {
      const int error = errno;
      munmap(mapping, mappingBytes);
      return systemError("sigaltstack", error);
    }
    mapping_ = mapping;
    mappingBytes_ = mappingBytes;
    return {};
  }

 private:
  void* usable() const { return static_cast<char*>(mapping_) + pageSize(); }

  void* mapping_ = nullptr;
  size_t mappingBytes_ = 0;
  bool keptExisting_ = false;  // the thread already had a large enough alternate stack
};

thread_local ThreadAltSignalStack threadAltSignalStack;

}  // namespace

Result<void> ensureAltStack() { return threadAltSignalStack.ensure(); }

}  // namespace sable::platform
