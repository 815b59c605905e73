#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace sable::spec {

void runParallel(size_t taskCount, unsigned threadCount, const std::function<void(size_t)>& task) {
  std::atomic<size_t> nextTask{0};
  auto worker = [&] {
    for (size_t i = nextTask.fetch_add(1); i < taskCount; i = nextTask.fetch_add(1)) task(i);
  };
  size_t workers = std::clamp<size_t>(threadCount, 1, std::max<size_t>(taskCount, 1));
  std::vector<std::jthread> threads;
  threads.reserve(workers - 1);
  for (size_t i = 1; i < workers; ++i) threads.emplace_back(worker);
  worker();  // the calling thread is one of the workers
}

unsigned defaultThreadCount() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace sable::spec
