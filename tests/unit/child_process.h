// Running a test body in a forked child and judging how it ended: for tests whose subject is a
// crash (guard pages, signal handlers).
#pragma once

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

namespace sable::test {

// How a forked child ended: its exit code, or the signal that killed it.
struct ChildOutcome {
  bool exited = false;
  int exitCode = -1;
  int signal = 0;
};

// Runs `body` in a forked child without core dumps; the child exits with body's return value.
inline ChildOutcome runInChild(const std::function<int()>& body) {
  fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    _exit(body());
  }
  ChildOutcome outcome;
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return outcome;
  if (WIFEXITED(status)) {
    outcome.exited = true;
    outcome.exitCode = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

// Caps this process's address space (RLIMIT_AS) at its current size plus `extraBytes`; false
// if it could not. For forked children that must run short of address space.
inline bool capAddressSpace(size_t extraBytes) {
  unsigned long pages = 0;
  FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return false;
  const int n = std::fscanf(statm, "%lu", &pages);
  std::fclose(statm);
  if (n != 1) return false;
  const rlim_t limit = rlim_t(pages) * rlim_t(sysconf(_SC_PAGESIZE)) + rlim_t(extraBytes);
  const rlimit addressSpace{limit, limit};
  return setrlimit(RLIMIT_AS, &addressSpace) == 0;
}

// Whether an RLIMIT_AS set by this process limits its mappings. qemu-user accepts the call
// but does not pass it on (the limit would bind the emulator itself), so tests that rely on
// running out of address space cannot run there.
inline bool addressSpaceLimitIsEnforced() {
  const ChildOutcome outcome = runInChild([] {
    if (!capAddressSpace(size_t{64} << 20)) return 2;
    void* p = mmap(nullptr, size_t{1} << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? 0 : 1;
  });
  return outcome.exited && outcome.exitCode == 0;
}

// Under AddressSanitizer the sanitizer's own SIGSEGV/SIGBUS/SIGFPE handler is the one ours
// chains to (and it gives threads an alternate stack), so a crashing child reports and exits
// with a failure status instead of dying of the signal.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizerHandlesFaults = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitizerHandlesFaults = true;
#else
constexpr bool kSanitizerHandlesFaults = false;
#endif
#else
constexpr bool kSanitizerHandlesFaults = false;
#endif

// Expects the child to have crashed with `signal` (or, under a sanitizer, to have failed).
inline void expectDiedOf(const ChildOutcome& outcome, int signal) {
  if (kSanitizerHandlesFaults) {
    EXPECT_FALSE(outcome.exited && outcome.exitCode == 0);
  } else {
    EXPECT_FALSE(outcome.exited) << "exit code " << outcome.exitCode;
    EXPECT_EQ(outcome.signal, signal);
  }
}

}  // namespace sable::test
