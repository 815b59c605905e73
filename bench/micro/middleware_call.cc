// Google Benchmark microbenchmarks of a guest-to-guest call through one middleware component
// (issue 16), beside the same call made directly, on the committed echo stacks of
// tests/component/inputs (sources in its kit/: echo.wit, echo-*.c):
//   echo-direct.wasm      caller <- provider
//   echo-middleware.wasm  caller <- middleware <- provider (the middleware forwards each call)
// The caller's loop-u32 / loop-str / loop-list(n) make n calls of echo-u32 (a u32), echo-str (a
// 16-byte string) and echo-list (a 64 KiB list<u8>); each benchmark iteration is one loop call
// and reports per_call, the time of one of its calls. bench/middleware_bench.py runs these with
// the same stacks under jco's host (jco transpile + node) and prints them side by side.
//   build/default/bench/sable-microbench --benchmark_filter=EchoStack
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "per_call.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/sable.h"

namespace {

using sable::cm::Val;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "sable-microbench: %s\n", why.c_str());
  std::exit(1);
}

// One of the echo stacks, compiled and instantiated (it imports nothing).
struct EchoStack {
  sable::Engine engine;
  sable::Store store{engine};
  std::optional<sable::cm::ComponentInstance> instance;

  explicit EchoStack(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(std::string("cannot read ") + path);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    auto component = sable::cm::Component::compile(engine, bytes);
    if (!component) die(component.error().toString());
    auto created = sable::cm::Linker(engine).instantiate(store, *component);
    if (!created) die(created.error().toString());
    instance = *created;
  }
};

// What loop `loop` of n calls must return: the sum of 0..n-1 for loop-u32, else n (every
// string or list came back whole).
uint32_t expected(std::string_view loop, uint32_t n) {
  return loop == "loop-u32" ? static_cast<uint32_t>(uint64_t{n} * (n - 1) / 2) : n;
}

// Calls `loop` of the stack in `path` with `calls` per iteration.
void echoStack(benchmark::State& state, const char* path, std::string_view loop, uint32_t calls) {
  EchoStack stack(path);
  auto func = stack.instance->getFunc(loop);
  if (!func) die(func.error().toString());
  const Val args[] = {Val::u32(calls)};
  for (auto _ : state) {
    auto results = func->call(stack.store, args);
    if (!results || (*results)[0].asU32() != expected(loop, calls)) {
      state.SkipWithError(results ? "wrong result" : results.error().toString().c_str());
      return;
    }
  }
  sable_bench::perCall(state, calls);
}

constexpr uint32_t kScalarCalls = 1000;  // u32 and string loops
constexpr uint32_t kListCalls = 10;      // 64 KiB list loops

void BM_EchoStackU32(benchmark::State& state, const char* path) {
  echoStack(state, path, "loop-u32", kScalarCalls);
}
void BM_EchoStackString16(benchmark::State& state, const char* path) {
  echoStack(state, path, "loop-str", kScalarCalls);
}
void BM_EchoStackList64K(benchmark::State& state, const char* path) {
  echoStack(state, path, "loop-list", kListCalls);
}

BENCHMARK_CAPTURE(BM_EchoStackU32, direct, SABLE_ECHO_DIRECT_WASM)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EchoStackU32, middleware, SABLE_ECHO_MIDDLEWARE_WASM)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EchoStackString16, direct, SABLE_ECHO_DIRECT_WASM)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EchoStackString16, middleware, SABLE_ECHO_MIDDLEWARE_WASM)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EchoStackList64K, direct, SABLE_ECHO_DIRECT_WASM)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EchoStackList64K, middleware, SABLE_ECHO_MIDDLEWARE_WASM)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
