// Guard-page reservations that fail (issue 11): under an address-space cap that leaves no room
// for a memory's 8 GiB reservation, instantiation falls back to an explicitly bounds-checked
// memory and the module's explicit-bounds code, unless EngineConfig::guardPagesOnly. Before the
// fallback, every instantiation of a module with a memory failed there.
//
// Each test runs in a forked child that sets RLIMIT_AS on itself, relative to its current size.
// That cannot work under qemu-user (it does not pass the limit on): the tests skip there.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "runtime/api_access.h"
#include "runtime/module_impl.h"
#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// Room left under the cap: enough for the engine, code and a bounds-checked memory, not for an
// 8 GiB (or a 4 GiB) reservation.
constexpr size_t kRoomBytes = size_t{3} << 30;

// Child exit codes: 0 passed; each failed check returns its own code, named in the test.
constexpr int kPassed = 0;

// Why address-space caps cannot be tested here, or empty when they can. (AddressSanitizer is
// no obstacle: the cap is set relative to the child's current size, shadow memory included.)
std::string whyNoAddressSpaceCap() {
  if (!addressSpaceLimitIsEnforced()) {
    return "RLIMIT_AS is not enforced here (qemu-user ignores it): cannot run short of "
           "address space";
  }
  return {};
}

// Exports, over one memory of 1..16 pages whose bytes 16..19 hold 42:
//   load(addr) -> i32, store(addr, value), grow(pages) -> old pages,
//   grow_then_load(addr) -> i32: grows by one page through a direct call, then loads (the
//   memory base must be reloaded after the call: a bounds-checked memory may move).
// With `memoryImported`, the memory is imported as env.mem instead of defined.
Bytes memoryModule(bool memoryImported) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32}), funcType({kI32, kI32}, {})};
  if (memoryImported) {
    p.imports = {importMemory("env", "mem", limits(1, 16))};
  } else {
    p.memories = {limits(1, 16)};
  }
  p.funcs = {0, 1, 0, 0};
  p.exports = {exportEntry("load", kExternFunc, 0), exportEntry("store", kExternFunc, 1),
               exportEntry("grow", kExternFunc, 2), exportEntry("grow_then_load", kExternFunc, 3)};
  p.bodies = {
      funcBody(localGet(0) + mem(op::I32Load, 2) + Bytes{op::End}),
      funcBody(localGet(0) + localGet(1) + mem(op::I32Store, 2) + Bytes{op::End}),
      funcBody(localGet(0) + Bytes{op::MemoryGrow, 0x00, op::End}),
      funcBody(i32Const(1) + call(2) + Bytes{op::Drop} + localGet(0) + mem(op::I32Load, 2) +
               Bytes{op::End}),
  };
  if (!memoryImported) p.data = {dataActive(i32Const(16) + Bytes{op::End}, Bytes{42, 0, 0, 0})};
  return p.build();
}

Result<std::vector<Value>> callExport(Store& store, const Instance& instance, const char* name,
                                      std::vector<Value> args) {
  std::optional<Func> f = instance.getFunc(name);
  if (!f) return Error{ErrorKind::Usage, Error::kNoOffset, std::string("no export ") + name};
  return f->call(store, args);
}

bool returnsI32(const Result<std::vector<Value>>& r, int32_t expected) {
  return r && r->size() == 1 && (*r)[0].asI32() == expected;
}

bool trapsOutOfBounds(const Result<std::vector<Value>>& r) {
  return !r && r.error().kind == ErrorKind::Trap &&
         r.error().message.rfind("out of bounds memory access", 0) == 0;
}

// Loads, stores, grows and traps the way a wasm memory must; 0 or the failed check's code.
int exerciseMemory(Store& store, const Instance& instance, bool hasData) {
  if (hasData && !returnsI32(callExport(store, instance, "load", {Value::i32(16)}), 42)) {
    return 30;
  }
  if (!callExport(store, instance, "store", {Value::i32(65532), Value::i32(7)})) return 31;
  if (!returnsI32(callExport(store, instance, "load", {Value::i32(65532)}), 7)) return 32;
  // Past the end of the one page, and far past the reservation: traps, never a host access.
  if (!trapsOutOfBounds(callExport(store, instance, "load", {Value::i32(65533)}))) return 33;
  if (!trapsOutOfBounds(callExport(store, instance, "load", {Value::i32(-16)}))) return 34;
  if (!returnsI32(callExport(store, instance, "grow_then_load", {Value::i32(65536 + 100)}), 0)) {
    return 35;
  }
  if (!returnsI32(callExport(store, instance, "load", {Value::i32(65532)}), 7)) return 36;
  // The maximum is 16 pages: growing past it fails with -1, the memory unchanged.
  if (!returnsI32(callExport(store, instance, "grow", {Value::i32(15)}), -1)) return 37;
  if (!trapsOutOfBounds(callExport(store, instance, "load", {Value::i32(2 * 65536)}))) {
    return 38;
  }
  return kPassed;
}

Result<Module> compile(const Engine& engine, const Bytes& wasm) {
  return Module::compile(engine, std::span(wasm.data(), wasm.size()));
}

void expectChildPassed(const ChildOutcome& outcome) {
  EXPECT_TRUE(outcome.exited) << "child killed by signal " << outcome.signal;
  EXPECT_EQ(outcome.exitCode, kPassed) << "the check returning this code failed";
}

TEST(GuardPageFallback, InstanceRunsWithBoundsChecksWhenTheReservationFails) {
  if (std::string why = whyNoAddressSpaceCap(); !why.empty()) GTEST_SKIP() << why;
  expectChildPassed(runInChild([] {
    Engine engine;
    Bytes wasm = memoryModule(/*memoryImported=*/false);
    Result<Module> module = compile(engine, wasm);
    if (!module) return 10;
    if (!capAddressSpace(kRoomBytes)) return 11;
    Store store(engine);
    Result<Instance> instance = Linker().instantiate(store, *module);
    if (!instance) return 12;  // before the fallback: "mmap (reserve) failed"
    if (!ApiAccess::impl(*module).hasSeparateExplicitBoundsCode()) return 13;
    if (int failed = exerciseMemory(store, *instance, true); failed != kPassed) return failed;
    // A second instance, in another store, reuses the explicit-bounds code.
    Store other(engine);
    Result<Instance> second = Linker().instantiate(other, *module);
    if (!second) return 14;
    return exerciseMemory(other, *second, true);
  }));
}

TEST(GuardPageFallback, GuardPagesOnlyFailsInsteadOfFallingBack) {
  if (std::string why = whyNoAddressSpaceCap(); !why.empty()) GTEST_SKIP() << why;
  expectChildPassed(runInChild([] {
    EngineConfig config;
    config.guardPagesOnly = true;
    Engine engine(config);
    Bytes wasm = memoryModule(/*memoryImported=*/false);
    Result<Module> module = compile(engine, wasm);
    if (!module) return 10;
    if (!capAddressSpace(kRoomBytes)) return 11;
    Store store(engine);
    Result<Instance> instance = Linker().instantiate(store, *module);
    if (instance) return 12;
    if (instance.error().kind != ErrorKind::ResourceExhausted) return 13;
    if (instance.error().message.find("guard-page") == std::string::npos) return 14;
    if (ApiAccess::impl(*module).hasSeparateExplicitBoundsCode()) return 15;
    return kPassed;
  }));
}

// A memory made by the embedder without guard pages, imported by a module compiled for guard
// pages: the importing instance must run the explicit-bounds code too.
TEST(GuardPageFallback, ImportedFallbackMemoryGetsExplicitBoundsCode) {
  if (std::string why = whyNoAddressSpaceCap(); !why.empty()) GTEST_SKIP() << why;
  expectChildPassed(runInChild([] {
    Engine engine;
    Bytes wasm = memoryModule(/*memoryImported=*/true);
    Result<Module> module = compile(engine, wasm);
    if (!module) return 10;
    if (!capAddressSpace(kRoomBytes)) return 11;
    Store store(engine);
    MemoryType type;
    type.limits.min = 1;
    type.limits.hasMax = true;
    type.limits.max = 16;
    Result<Memory> memory = Memory::create(store, type);
    if (!memory) return 12;
    Linker linker;
    linker.define("env", "mem", Extern(*memory));
    Result<Instance> instance = linker.instantiate(store, *module);
    if (!instance) return 14;
    if (!ApiAccess::impl(*module).hasSeparateExplicitBoundsCode()) return 15;
    if (int failed = exerciseMemory(store, *instance, false); failed != kPassed) return failed;
    // The embedder sees what the guest wrote, at the memory's current place.
    if (memory->sizePages() != 2 || memory->data()[65532] != 7) return 16;
    return kPassed;
  }));
}

// Several threads instantiating one module at once, all short of address space: the explicit-
// bounds code is made once and every instance works.
TEST(GuardPageFallback, ConcurrentFirstInstantiationsShareOneCompilation) {
  if (std::string why = whyNoAddressSpaceCap(); !why.empty()) GTEST_SKIP() << why;
  expectChildPassed(runInChild([] {
    Engine engine;
    Bytes wasm = memoryModule(/*memoryImported=*/false);
    Result<Module> module = compile(engine, wasm);
    if (!module) return 10;
    if (!capAddressSpace(kRoomBytes)) return 11;
    std::atomic<int> firstFailure{kPassed};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        Store store(engine);
        Result<Instance> instance = Linker().instantiate(store, *module);
        int result = instance ? exerciseMemory(store, *instance, true) : 12;
        int expected = kPassed;
        if (result != kPassed) firstFailure.compare_exchange_strong(expected, result);
      });
    }
    for (std::thread& t : threads) t.join();
    return firstFailure.load();
  }));
}

// Without a cap the 8 GiB reservation succeeds: no second compilation is made.
TEST(GuardPageFallback, NoExplicitBoundsCodeWhileGuardPagesAreAvailable) {
  Engine engine;
  Bytes wasm = memoryModule(/*memoryImported=*/false);
  Result<Module> module = compile(engine, wasm);
  ASSERT_TRUE(module) << module.error().toString();
  Store store(engine);
  Result<Instance> instance = Linker().instantiate(store, *module);
  ASSERT_TRUE(instance) << instance.error().toString();
  EXPECT_FALSE(ApiAccess::impl(*module).hasSeparateExplicitBoundsCode());
  EXPECT_EQ(exerciseMemory(store, *instance, true), kPassed);
}

}  // namespace
}  // namespace sable::test
