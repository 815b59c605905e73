// A few threads that run one parallel job at a time for their owner (an Engine's code
// generator compiles function bodies on them). Nothing here is process-wide: each pool belongs
// to one object, and its threads end with it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sable::platform {

class WorkerPool {
 public:
  WorkerPool() = default;
  // Stops and joins the threads (after the job in progress, if any).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on the calling thread and on up to `helpers` pool threads at once, and returns
  // when every copy has returned. The job takes its work items from shared state (an atomic
  // counter) until none are left, so it is correct with any number of copies, one included.
  // Threads start on first use: an owner that never runs a parallel job never has any. When
  // another run() is in progress (a compile on another thread), or threads cannot be started,
  // the job runs with fewer helpers, down to the calling thread alone. `job` must not throw.
  void run(uint32_t helpers, const std::function<void()>& job);

  // Threads started so far (for tests).
  size_t threadCount() const;

 private:
  void workerLoop();

  std::mutex runMutex_;  // one job at a time
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> threads_;
  const std::function<void()>* job_ = nullptr;
  uint64_t generation_ = 0;  // increments per job, so a thread runs each job at most once
  uint32_t unclaimed_ = 0;   // helper places of the current job not taken yet
  uint32_t running_ = 0;     // helpers running the current job
  bool stopping_ = false;
};

}  // namespace sable::platform
