#include "platform/worker_pool.h"

#include <algorithm>
#include <system_error>

namespace sable::platform {

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

size_t WorkerPool::threadCount() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void WorkerPool::run(uint32_t helpers, const std::function<void()>& job) {
  std::unique_lock runLock(runMutex_, std::try_to_lock);
  if (helpers == 0 || !runLock.owns_lock()) {
    job();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    while (threads_.size() < helpers) {
      try {
        threads_.emplace_back([this] { workerLoop(); });
      } catch (const std::system_error&) {
        break;  // out of threads: the job still completes with those there are
      }
    }
    job_ = &job;
    unclaimed_ = std::min<uint32_t>(helpers, static_cast<uint32_t>(threads_.size()));
    ++generation_;
  }
  wake_.notify_all();
  job();
  std::unique_lock lock(mutex_);
  // Helpers that have not woken yet need not start: the caller's copy ran out of work.
  unclaimed_ = 0;
  done_.wait(lock, [this] { return running_ == 0; });
  job_ = nullptr;
}

void WorkerPool::workerLoop() {
  uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || (generation_ != seen && unclaimed_ > 0); });
    if (stopping_) return;
    seen = generation_;
    --unclaimed_;
    ++running_;
    const std::function<void()>* job = job_;
    lock.unlock();
    (*job)();
    lock.lock();
    if (--running_ == 0) done_.notify_all();
  }
}

}  // namespace sable::platform
