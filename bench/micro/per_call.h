// The per-call counter of the microbenchmarks whose iteration is one guest loop of many calls
// (component_call.cc, middleware_call.cc).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace sable_bench {

// Reports the time of one of the `calls` calls each iteration makes (per_call) and items/s.
inline void perCall(benchmark::State& state, int64_t calls) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * calls);
  state.counters["per_call"] =
      benchmark::Counter(static_cast<double>(calls), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

}  // namespace sable_bench
