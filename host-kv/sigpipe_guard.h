// Writing to a socket whose peer has gone raises SIGPIPE, whose default action ends the
// process. A library must not change the process's signal dispositions, so while a Redis call
// runs the calling thread blocks SIGPIPE, and a SIGPIPE that the call raised is taken off the
// thread's pending set before the old mask returns: the write fails with EPIPE instead.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace sable::kv {

// Blocks SIGPIPE in this thread for its lifetime.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    wasPending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe, &saved_);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;
  ~SigpipeGuard() {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    if (!wasPending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec now{0, 0};
      sigtimedwait(&pipe, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }

 private:
  sigset_t saved_;
  bool wasPending_ = false;
};

}  // namespace sable::kv
