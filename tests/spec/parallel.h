// A minimal fixed-size worker pool for independent, coarse tasks (one per spec file).
#pragma once

#include <cstddef>
#include <functional>

namespace sable::spec {

// Calls task(i) for every i in [0, taskCount) on `threadCount` worker threads (at least one, at
// most taskCount), handing out indices in increasing order so early tasks finish first, and
// returns when all are done. Tasks must not throw.
void runParallel(size_t taskCount, unsigned threadCount, const std::function<void(size_t)>& task);

// Worker threads to use when the user did not say: one per hardware thread.
unsigned defaultThreadCount();

}  // namespace sable::spec
