// Google Benchmark microbenchmarks of Sable's public API (include/sable/sable.h):
//   BM_CompileLarge/T    Module::compile of the generated large module on T threads (0 = all
//                        cores, the default) (bytes/s = code section)
//   BM_Instantiate       a module with one memory, one table and 100 functions
//   BM_CallHostToWasm    Func::call of an empty wasm function
//   BM_CallWasmToHost    a wasm loop calling an empty host function (items = calls)
//   BM_MemoryGrow        memory.grow by one page from wasm
// Run: build/bench/bench/sable-microbench [--benchmark_filter=...]
// The large module's path is compiled in (SABLE_BENCH_LARGE_WASM); SABLE_BENCH_LARGE_WASM in the
// environment overrides it.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "byte_writer.h"
#include "sable/sable.h"

namespace {

using sable_bench::Bytes;

using sable_bench::leb;
using sable_bench::name;
using sable_bench::section;

Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

// One code-section entry: no locals, then `body` (which must end with 0x0b).
void code(Bytes& out, const Bytes& body) {
  leb(out, static_cast<uint32_t>(body.size() + 1));
  out.push_back(0x00);
  out.insert(out.end(), body.begin(), body.end());
}

// (memory 1) (table 100 funcref) 100 functions () -> i32 returning their index, all in the table.
Bytes instantiateModule() {
  Bytes m = header();
  section(m, 1, {0x01, 0x60, 0x00, 0x01, 0x7f});
  Bytes funcs;
  leb(funcs, 100);
  for (int i = 0; i < 100; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  section(m, 4, {0x01, 0x70, 0x00, 0x64});
  section(m, 5, {0x01, 0x00, 0x01});
  Bytes elems = {0x01, 0x00, 0x41, 0x00, 0x0b};
  leb(elems, 100);
  for (uint32_t i = 0; i < 100; ++i) leb(elems, i);
  section(m, 9, elems);
  Bytes bodies;
  leb(bodies, 100);
  for (int i = 0; i < 100; ++i) {
    Bytes body = {0x41};
    leb(body, static_cast<uint32_t>(i));  // small non-negative: the same in signed LEB128
    body.push_back(0x0b);
    code(bodies, body);
  }
  section(m, 10, bodies);
  return m;
}

// (import "env" "host" (func)) (memory 0) and the exports
//   empty: () -> ()                    nothing
//   call_host: (i32 n) -> ()           calls env.host n times
//   grow: (i32 pages) -> i32           memory.grow
Bytes callModule() {
  Bytes m = header();
  section(m, 1, {0x03, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f});
  Bytes imports = {0x01};
  name(imports, "env");
  name(imports, "host");
  imports.insert(imports.end(), {0x00, 0x00});
  section(m, 2, imports);
  section(m, 3, {0x03, 0x00, 0x01, 0x02});
  section(m, 5, {0x01, 0x00, 0x00});
  Bytes exports = {0x03};
  name(exports, "empty");
  exports.insert(exports.end(), {0x00, 0x01});
  name(exports, "call_host");
  exports.insert(exports.end(), {0x00, 0x02});
  name(exports, "grow");
  exports.insert(exports.end(), {0x00, 0x03});
  section(m, 7, exports);
  Bytes bodies = {0x03};
  code(bodies, {0x0b});
  // loop: call 0; local.get 0; i32.const 1; i32.sub; local.tee 0; br_if 0; end; end
  code(bodies,
       {0x03, 0x40, 0x10, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x0b});
  code(bodies, {0x20, 0x00, 0x40, 0x00, 0x0b});
  section(m, 10, bodies);
  return m;
}

const sable::Engine& engine() {
  static const sable::Engine e = [] {
    auto created = sable::Engine::create();
    if (!created) {
      std::fprintf(stderr, "sable-microbench: %s\n", created.error().toString().c_str());
      std::exit(1);
    }
    return std::move(*created);
  }();
  return e;
}

sable::Module compileOrDie(const Bytes& bytes) {
  auto module = sable::Module::compile(engine(), bytes);
  if (!module) {
    std::fprintf(stderr, "sable-microbench: %s\n", module.error().toString().c_str());
    std::exit(1);
  }
  return *module;
}

// A store with callModule() instantiated in it, env.host an empty host function.
struct CallFixture {
  sable::Store store{engine()};
  std::optional<sable::Instance> instance;  // set by the constructor

  CallFixture() {
    static const sable::Module module = compileOrDie(callModule());
    sable::Linker linker;
    linker.define("env", "host",
                  sable::Func::host(store, sable::FuncType({}, {}),
                                    [](std::span<const sable::Value>, std::span<sable::Value>) {
                                      return sable::Result<void>();
                                    }));
    auto created = linker.instantiate(store, module);
    if (!created) {
      std::fprintf(stderr, "sable-microbench: %s\n", created.error().toString().c_str());
      std::exit(1);
    }
    instance = *created;
  }
};

size_t codeSectionBytes(const Bytes& bytes) {
  size_t p = 8;
  while (p < bytes.size()) {
    uint8_t id = bytes[p++];
    uint32_t size = 0;
    for (int shift = 0; p < bytes.size(); shift += 7) {
      uint8_t b = bytes[p++];
      size |= static_cast<uint32_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    if (id == 10) return size;
    p += size;
  }
  return 0;
}

void BM_CompileLarge(benchmark::State& state) {
  const char* path = std::getenv("SABLE_BENCH_LARGE_WASM");
  if (!path) path = SABLE_BENCH_LARGE_WASM;
  std::ifstream in(path, std::ios::binary);
  Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.empty()) {
    state.SkipWithError("large module missing: build the bench-programs target");
    return;
  }
  sable::EngineConfig config;
  config.compileThreads = static_cast<uint32_t>(state.range(0));
  sable::Engine compileEngine(config);
  for (auto _ : state) {
    auto module = sable::Module::compile(compileEngine, bytes);
    if (!module) {
      state.SkipWithError(module.error().toString().c_str());
      return;
    }
    benchmark::DoNotOptimize(module->machineCodeSize());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * codeSectionBytes(bytes)));
}
BENCHMARK(BM_CompileLarge)->ArgName("threads")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_Instantiate(benchmark::State& state) {
  const sable::Module module = compileOrDie(instantiateModule());
  sable::Linker linker;
  for (auto _ : state) {
    sable::Store store(engine());
    auto instance = linker.instantiate(store, module);
    if (!instance) {
      state.SkipWithError(instance.error().toString().c_str());
      return;
    }
    benchmark::DoNotOptimize(instance.value());
  }
}
BENCHMARK(BM_Instantiate)->Unit(benchmark::kMicrosecond);

void BM_CallHostToWasm(benchmark::State& state) {
  CallFixture f;
  sable::Func empty = *f.instance->getFunc("empty");
  for (auto _ : state) {
    auto results = empty.call(f.store, {});
    benchmark::DoNotOptimize(results.ok());
  }
}
BENCHMARK(BM_CallHostToWasm);

void BM_CallWasmToHost(benchmark::State& state) {
  CallFixture f;
  sable::Func callHost = *f.instance->getFunc("call_host");
  constexpr int kCalls = 1000;
  const sable::Value args[] = {sable::Value::i32(kCalls)};
  for (auto _ : state) {
    auto results = callHost.call(f.store, args);
    benchmark::DoNotOptimize(results.ok());
  }
  state.SetItemsProcessed(state.iterations() * kCalls);
}
BENCHMARK(BM_CallWasmToHost)->Unit(benchmark::kMicrosecond);

void BM_MemoryGrow(benchmark::State& state) {
  auto f = std::make_unique<CallFixture>();
  sable::Func grow = *f->instance->getFunc("grow");
  const sable::Value args[] = {sable::Value::i32(1)};
  int pages = 0;
  for (auto _ : state) {
    if (pages == 4096) {  // 256 MiB: start again in a fresh store
      state.PauseTiming();
      f = std::make_unique<CallFixture>();
      grow = *f->instance->getFunc("grow");
      pages = 0;
      state.ResumeTiming();
    }
    auto results = grow.call(f->store, args);
    if (!results || (*results)[0].asI32() != pages) {
      state.SkipWithError("memory.grow failed");
      return;
    }
    ++pages;
  }
}
BENCHMARK(BM_MemoryGrow);

}  // namespace

BENCHMARK_MAIN();
