// EpochTimer: ends a guest's run after a wall-clock timeout (sable run --timeout).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sable/engine.h"

namespace sable::cli {

// Increments an engine's epoch once, `timeout` after construction, from its own thread, so a
// store whose epoch deadline is one tick away traps with "interrupted" at its next check. The
// destructor stops the thread at once if the timeout has not passed yet.
class EpochTimer {
 public:
  EpochTimer(Engine& engine, std::chrono::nanoseconds timeout);
  EpochTimer(const EpochTimer&) = delete;
  EpochTimer& operator=(const EpochTimer&) = delete;
  ~EpochTimer();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sable::cli
