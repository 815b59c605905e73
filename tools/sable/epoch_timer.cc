#include "epoch_timer.h"

namespace sable::cli {

EpochTimer::EpochTimer(Engine& engine, std::chrono::nanoseconds timeout) {
  // Started last, once the members it reads exist. The deadline is on the steady clock, so a
  // change of the wall clock neither shortens nor stretches the timeout.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  thread_ = std::thread([this, &engine, deadline] {
    std::unique_lock lock(mutex_);
    if (!wake_.wait_until(lock, deadline, [this] { return stopping_; })) engine.incrementEpoch();
  });
}

EpochTimer::~EpochTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace sable::cli
