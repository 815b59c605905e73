// Google Benchmark microbenchmarks of Component Model calls (include/sable/component_linker.h),
// each beside the core-wasm call of the same u32 shape as the peer baseline:
//   BM_CoreCallU32             Func::call of a core (i32) -> i32 identity function
//   BM_ComponentCallU32        ComponentFunc::call of echo-u32: func(x: u32) -> u32
//   BM_ComponentCallString16   echo-str: func(s: string) -> string with a 16-byte string
//   BM_ComponentCallList64K    echo-list: func(l: list<u8>) -> list<u8> with 64 KiB (bytes/s:
//                              the list's bytes, counted once per call)
//   BM_Memcpy64K               one memcpy of 64 KiB (the list calls' peer)
//   BM_CoreHostCallU32         a core loop calling an (i32) -> i32 host function
//   BM_ComponentHostCall*      a guest loop (loop-u32/-str/-list) calling the lowered host
//                              import of the same shape as the echo functions above
//   BM_ComponentGuestCall*     the same loops in a second instance calling the first's echo-*
//                              (guest to guest, two component instances)
// Host-to-guest times are per call; guest-to-host and guest-to-guest benchmarks report per_call
// (the time of one call of the loop) and items/s. The component is assembled here from the core
// modules of component_call_modules.h (sources in component/*.wat) and checked by
// Component::compile. Run: build/default/bench/sable-microbench --benchmark_filter='Core|Component'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "byte_writer.h"
#include "component_call_modules.h"
#include "per_call.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/sable.h"

namespace {

using sable::cm::Val;
using sable_bench::Bytes;
using sable_bench::perCall;

constexpr uint32_t kListBytes = 64 * 1024;
constexpr std::string_view kString16 = "0123456789abcdef";

using sable_bench::leb;
using sable_bench::name;
using sable_bench::section;

// A vector section body: the count, then the items already encoded.
Bytes items(uint32_t count, const Bytes& encoded) {
  Bytes out;
  leb(out, count);
  out.insert(out.end(), encoded.begin(), encoded.end());
  return out;
}

// Component type indices (the type section below).
constexpr uint8_t kTypeListU8 = 0, kTypeU32 = 1, kTypeString = 2, kTypeList = 3, kTypeLoop = 4;

// t0 list<u8>; t1 func(x: u32) -> u32; t2 func(s: string) -> string;
// t3 func(l: t0) -> t0; t4 func(n: u32).
Bytes typeSection() {
  Bytes t = {0x70, 0x7d};
  auto func = [&t](std::string_view param, uint8_t type, std::optional<uint8_t> result) {
    t.insert(t.end(), {0x40, 0x01});
    name(t, param);
    t.push_back(type);
    if (result) {
      t.insert(t.end(), {0x00, *result});
    } else {
      t.insert(t.end(), {0x01, 0x00});
    }
  };
  func("x", 0x79, 0x79);
  func("s", 0x73, 0x73);
  func("l", kTypeListU8, kTypeListU8);
  func("n", 0x79, std::nullopt);
  return items(5, t);
}

// Canonical options: memory 0 and realloc (core func 0), UTF-8 for strings.
Bytes memoryOpts(bool utf8) {
  Bytes o = {0x03, 0x00, 0x04, 0x00};
  if (utf8) o.push_back(0x00);
  return items(utf8 ? 3 : 2, o);
}

// The benchmark component (see component/*.wat for the core modules):
//   imports <prefix>u32, <prefix>str, <prefix>list (func 0..2), lowered with libc's memory and
//   realloc into core funcs 1..3 for main's "host" instance; exports echo-u32/-str/-list and
//   loop-u32/-str/-list lifted from main's exports.
Bytes benchComponent(const std::string& prefix) {
  Bytes c = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  section(c, 1, Bytes(std::begin(sable_bench::kLibcWasm), std::end(sable_bench::kLibcWasm)));
  section(c, 2, items(1, {0x00, 0x00, 0x00}));   // core instance 0 = libc
  Bytes libcAliases = {0x00, 0x02, 0x01, 0x00};  // core memory 0
  name(libcAliases, "memory");
  libcAliases.insert(libcAliases.end(), {0x00, 0x00, 0x01, 0x00});  // core func 0
  name(libcAliases, "realloc");
  section(c, 6, items(2, libcAliases));
  section(c, 7, typeSection());
  Bytes imports;
  for (auto [importName, type] :
       {std::pair{prefix + "u32", kTypeU32}, std::pair{prefix + "str", kTypeString},
        std::pair{prefix + "list", kTypeList}}) {
    imports.push_back(0x00);
    name(imports, importName);
    imports.insert(imports.end(), {0x01, type});
  }
  section(c, 10, items(3, imports));
  Bytes lowers = {0x01, 0x00, 0x00, 0x00};  // core func 1 = lower <prefix>u32
  for (uint8_t f : {1, 2}) {
    lowers.insert(lowers.end(), {0x01, 0x00, f});
    Bytes opts = memoryOpts(f == 1);
    lowers.insert(lowers.end(), opts.begin(), opts.end());
  }
  section(c, 8, items(3, lowers));
  Bytes hostInstance = {0x01, 0x04};  // core instance 1: inline exports
  for (auto [exportName, sort, index] :
       {std::tuple{"u32", 0x00, 1}, std::tuple{"str", 0x00, 2}, std::tuple{"list", 0x00, 3},
        std::tuple{"memory", 0x02, 0}}) {
    name(hostInstance, exportName);
    hostInstance.insert(hostInstance.end(),
                        {static_cast<uint8_t>(sort), static_cast<uint8_t>(index)});
  }
  section(c, 2, items(1, hostInstance));
  section(c, 1, Bytes(std::begin(sable_bench::kMainWasm), std::end(sable_bench::kMainWasm)));
  Bytes mainInstance = {0x00, 0x01, 0x01};  // core instance 2 = main with "host" = instance 1
  name(mainInstance, "host");
  mainInstance.insert(mainInstance.end(), {0x12, 0x01});
  section(c, 2, items(1, mainInstance));
  const char* exported[] = {"echo-u32", "echo-str", "echo-list",
                            "loop-u32", "loop-str", "loop-list"};
  Bytes mainAliases;  // core funcs 4..9
  for (const char* e : exported) {
    mainAliases.insert(mainAliases.end(), {0x00, 0x00, 0x01, 0x02});
    name(mainAliases, e);
  }
  section(c, 6, items(6, mainAliases));
  Bytes lifts;  // funcs 3..8
  const uint8_t liftTypes[] = {kTypeU32, kTypeString, kTypeList, kTypeLoop, kTypeLoop, kTypeLoop};
  for (uint8_t i = 0; i < 6; ++i) {
    lifts.insert(lifts.end(), {0x00, 0x00, static_cast<uint8_t>(4 + i)});
    Bytes opts = (i == 1 || i == 2) ? memoryOpts(i == 1) : Bytes{0x00};
    lifts.insert(lifts.end(), opts.begin(), opts.end());
    lifts.push_back(liftTypes[i]);
  }
  section(c, 8, items(6, lifts));
  Bytes exports;
  for (uint8_t i = 0; i < 6; ++i) {
    exports.push_back(0x00);
    name(exports, exported[i]);
    exports.insert(exports.end(), {0x01, static_cast<uint8_t>(3 + i), 0x00});
  }
  section(c, 11, items(6, exports));
  return c;
}

// Two instances of benchComponent: the callee importing host-*, the caller importing peer-*
// from the callee's echo-* exports; exports the caller's loop-u32/-str/-list, so each loop
// call is a guest-to-guest call (lift in the callee, lower in the caller).
Bytes pairComponent() {
  Bytes c = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  section(c, 4, benchComponent("host-"));  // component 0: callee
  section(c, 4, benchComponent("peer-"));  // component 1: caller
  section(c, 7, typeSection());
  Bytes imports;  // funcs 0..2
  for (auto [importName, type] :
       {std::pair{"host-u32", kTypeU32}, std::pair{"host-str", kTypeString},
        std::pair{"host-list", kTypeList}}) {
    imports.push_back(0x00);
    name(imports, importName);
    imports.insert(imports.end(), {0x01, type});
  }
  section(c, 10, items(3, imports));
  const char* shapes[] = {"u32", "str", "list"};
  // instance 0 = callee with host-* = funcs 0..2; funcs 3..5 = its echo-*;
  // instance 1 = caller with peer-* = funcs 3..5; funcs 6..8 = its loop-*.
  for (uint8_t i = 0; i < 2; ++i) {
    Bytes instance = {0x00, i, 0x03};
    for (uint8_t f = 0; f < 3; ++f) {
      name(instance, std::string(i == 0 ? "host-" : "peer-") + shapes[f]);
      instance.insert(instance.end(), {0x01, static_cast<uint8_t>(3 * i + f)});
    }
    section(c, 5, items(1, instance));
    Bytes aliases;
    for (const char* shape : shapes) {
      aliases.insert(aliases.end(), {0x01, 0x00, i});
      name(aliases, std::string(i == 0 ? "echo-" : "loop-") + shape);
    }
    section(c, 6, items(3, aliases));
  }
  Bytes exports;
  for (uint8_t f = 0; f < 3; ++f) {
    exports.push_back(0x00);
    name(exports, std::string("loop-") + shapes[f]);
    exports.insert(exports.end(), {0x01, static_cast<uint8_t>(6 + f), 0x00});
  }
  section(c, 11, items(3, exports));
  return c;
}

[[noreturn]] void die(const sable::Error& error) {
  std::fprintf(stderr, "sable-microbench: %s\n", error.toString().c_str());
  std::exit(1);
}

const sable::Engine& engine() {
  static const sable::Engine e = [] {
    auto created = sable::Engine::create();
    if (!created) die(created.error());
    return std::move(*created);
  }();
  return e;
}

// Host imports that return their argument (a copy, as a real host returning a value would).
sable::Result<void> echo(std::span<const Val> args, std::span<Val> results) {
  results[0] = args[0];
  return {};
}

sable::cm::Component compileOrDie(const Bytes& bytes) {
  auto compiled = sable::cm::Component::compile(engine(), bytes);
  if (!compiled) die(compiled.error());
  return *compiled;
}

// The host component (benchComponent importing host-*) or pairComponent().
const sable::cm::Component& hostComponent() {
  static const sable::cm::Component c = compileOrDie(benchComponent("host-"));
  return c;
}
const sable::cm::Component& pairedComponent() {
  static const sable::cm::Component c = compileOrDie(pairComponent());
  return c;
}

// A store with `component` instantiated in it, host-* the echo host function.
struct ComponentFixture {
  sable::Store store{engine()};
  std::optional<sable::cm::ComponentInstance> instance;

  explicit ComponentFixture(const sable::cm::Component& component = hostComponent()) {
    sable::cm::Linker linker(engine());
    for (const char* import : {"host-u32", "host-str", "host-list"}) {
      auto defined = linker.defineFunc("", import, echo);
      if (!defined) die(defined.error());
    }
    auto created = linker.instantiate(store, component);
    if (!created) die(created.error());
    instance = *created;
  }

  sable::cm::ComponentFunc func(std::string_view exportName) const {
    auto f = instance->getFunc(exportName);
    if (!f) die(f.error());
    return *f;
  }
};

// A store with component/core.wat instantiated, env.u32 an identity host function.
struct CoreFixture {
  sable::Store store{engine()};
  std::optional<sable::Instance> instance;  // set by the constructor

  CoreFixture() {
    Bytes bytes(std::begin(sable_bench::kCoreWasm), std::end(sable_bench::kCoreWasm));
    auto module = sable::Module::compile(engine(), bytes);
    if (!module) die(module.error());
    const sable::ValType i32[] = {sable::ValType::I32};
    sable::Linker linker;
    linker.define(
        "env", "u32",
        sable::Func::host(store, sable::FuncType(i32, i32),
                          [](std::span<const sable::Value> args, std::span<sable::Value> results) {
                            results[0] = args[0];
                            return sable::Result<void>();
                          }));
    auto created = linker.instantiate(store, *module);
    if (!created) die(created.error());
    instance = *created;
  }

  sable::Func func(std::string_view exportName) const { return *instance->getFunc(exportName); }
};

// A compact list<u8> of 64 KiB.
Val list64K() {
  std::vector<uint8_t> bytes(kListBytes);
  for (uint32_t i = 0; i < kListBytes; ++i) bytes[i] = static_cast<uint8_t>(i);
  return Val::bytes(bytes);
}

void BM_CoreCallU32(benchmark::State& state) {
  CoreFixture f;
  sable::Func echoU32 = f.func("echo-u32");
  const sable::Value args[] = {sable::Value::i32(42)};
  for (auto _ : state) {
    auto results = echoU32.call(f.store, args);
    benchmark::DoNotOptimize(results.ok());
  }
}
BENCHMARK(BM_CoreCallU32);

// ComponentFunc::call of `exportName` with `arg`; the result must equal the argument.
void componentCall(benchmark::State& state, std::string_view exportName, const Val& arg) {
  ComponentFixture f;
  sable::cm::ComponentFunc func = f.func(exportName);
  const Val args[] = {arg};
  for (auto _ : state) {
    auto results = func.call(f.store, args);
    if (!results || (*results)[0] != arg) {
      state.SkipWithError(results ? "wrong result" : results.error().toString().c_str());
      return;
    }
  }
}

void BM_ComponentCallU32(benchmark::State& state) {
  componentCall(state, "echo-u32", Val::u32(42));
}
BENCHMARK(BM_ComponentCallU32);

void BM_ComponentCallString16(benchmark::State& state) {
  componentCall(state, "echo-str", Val::string(std::string(kString16)));
}
BENCHMARK(BM_ComponentCallString16);

void BM_ComponentCallList64K(benchmark::State& state) {
  componentCall(state, "echo-list", list64K());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kListBytes);
}
BENCHMARK(BM_ComponentCallList64K)->Unit(benchmark::kMicrosecond);

// The peer of the list calls: one memcpy of the list's 64 KiB (a list call copies it at least
// once each way).
void BM_Memcpy64K(benchmark::State& state) {
  std::vector<uint8_t> from(kListBytes, 7), to(kListBytes);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), kListBytes);
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kListBytes);
}
BENCHMARK(BM_Memcpy64K)->Unit(benchmark::kMicrosecond);

void BM_CoreHostCallU32(benchmark::State& state) {
  CoreFixture f;
  sable::Func loop = f.func("loop-u32");
  constexpr int kCalls = 1000;
  const sable::Value args[] = {sable::Value::i32(kCalls)};
  for (auto _ : state) {
    auto results = loop.call(f.store, args);
    benchmark::DoNotOptimize(results.ok());
  }
  perCall(state, kCalls);
}
BENCHMARK(BM_CoreHostCallU32)->Unit(benchmark::kMicrosecond);

// The guest's `loopName` calling its host import `calls` times per iteration.
void componentHostCall(benchmark::State& state, std::string_view loopName, uint32_t calls,
                       const sable::cm::Component& component = hostComponent()) {
  ComponentFixture f(component);
  sable::cm::ComponentFunc loop = f.func(loopName);
  const Val args[] = {Val::u32(calls)};
  for (auto _ : state) {
    auto results = loop.call(f.store, args);
    if (!results) {
      state.SkipWithError(results.error().toString().c_str());
      return;
    }
  }
  perCall(state, calls);
}

void BM_ComponentHostCallU32(benchmark::State& state) {
  componentHostCall(state, "loop-u32", 1000);
}
BENCHMARK(BM_ComponentHostCallU32)->Unit(benchmark::kMicrosecond);

void BM_ComponentHostCallString16(benchmark::State& state) {
  componentHostCall(state, "loop-str", 1000);
}
BENCHMARK(BM_ComponentHostCallString16)->Unit(benchmark::kMicrosecond);

void BM_ComponentHostCallList64K(benchmark::State& state) {
  constexpr uint32_t kCalls = 10;
  componentHostCall(state, "loop-list", kCalls);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kCalls * kListBytes);
}
BENCHMARK(BM_ComponentHostCallList64K)->Unit(benchmark::kMillisecond);

// Guest to guest: the caller instance's loop calling the callee instance's echo functions.
void BM_ComponentGuestCallU32(benchmark::State& state) {
  componentHostCall(state, "loop-u32", 1000, pairedComponent());
}
BENCHMARK(BM_ComponentGuestCallU32)->Unit(benchmark::kMicrosecond);

void BM_ComponentGuestCallString16(benchmark::State& state) {
  componentHostCall(state, "loop-str", 1000, pairedComponent());
}
BENCHMARK(BM_ComponentGuestCallString16)->Unit(benchmark::kMicrosecond);

void BM_ComponentGuestCallList64K(benchmark::State& state) {
  constexpr uint32_t kCalls = 10;
  componentHostCall(state, "loop-list", kCalls, pairedComponent());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kCalls * kListBytes);
}
BENCHMARK(BM_ComponentGuestCallList64K)->Unit(benchmark::kMillisecond);

}  // namespace
