// Interruption through the real JIT: epoch deadlines (another thread advances the engine's
// epoch) and fuel (a deterministic operator budget), in both memory modes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// Keeps incrementing an engine's epoch from its own thread until destroyed, the way a
// watchdog timer would.
class EpochTicker {
 public:
  explicit EpochTicker(Engine& engine)
      : thread_([this, &engine] {
          while (!stop_.load()) {
            engine.incrementEpoch();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }) {}
  ~EpochTicker() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// `loop br 0 end`: runs until something stops it. It touches memory so the bounds mode matters.
Bytes infiniteLoopBody() {
  return funcBody(loop() + i32Const(0) + i32Const(1) + Bytes{op::I32Store, 2, 0} + br(0) +
                  Bytes{op::End, op::End});
}

// (param n) counts n down to 0: five fuel per iteration (local.get, i32.const, i32.sub,
// local.tee, br_if; loop and end are free).
Bytes countdownBody() {
  return funcBody(loop() + localGet(0) + i32Const(1) + Bytes{op::I32Sub} + localTee(0) + brIf(0) +
                  Bytes{op::End, op::End});
}

class InterruptTest : public ::testing::TestWithParam<MemoryBoundsMode> {
 protected:
  void start(bool epoch, bool fuel) {
    EngineConfig config;
    config.memoryBoundsMode = GetParam();
    config.epochInterruption = epoch;
    config.consumeFuel = fuel;
    Result<Engine> e = Engine::create(config);
    ASSERT_TRUE(e.ok()) << e.error().toString();
    engine = *e;
    store.emplace(*engine);
  }

  Instance instantiate(ModuleParts p) {
    p.memories = {limits(1)};
    Bytes wasm = p.build();
    Result<Module> m = Module::compile(*engine, std::span<const uint8_t>(wasm.data(), wasm.size()));
    EXPECT_TRUE(m.ok()) << m.error().toString();
    Result<Instance> inst = linker.instantiate(*store, *m);
    EXPECT_TRUE(inst.ok()) << inst.error().toString();
    return *inst;
  }

  Result<std::vector<Value>> invoke(const Instance& inst, const char* name,
                                    std::vector<Value> args = {}) {
    std::optional<Func> f = inst.getFunc(name);
    if (!f) return Error{ErrorKind::Usage, Error::kNoOffset, "no export"};
    return f->call(*store, args);
  }

  // The call failed with a trap of `kind`, with a backtrace whose innermost frame is `func`.
  void expectTrap(const Result<std::vector<Value>>& r, TrapKind kind, const char* func) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Trap) << r.error().toString();
    EXPECT_EQ(r.error().message.rfind(trapKindMessage(kind), 0), 0u) << r.error().message;
    ASSERT_TRUE(store->lastTrap());
    EXPECT_EQ(store->lastTrap()->kind, kind);
    ASSERT_FALSE(store->lastTrap()->frames.empty());
    EXPECT_EQ(store->lastTrap()->frames[0].funcName, func);
  }

  std::optional<Engine> engine;
  std::optional<Store> store;
  Linker linker;
};

TEST_P(InterruptTest, EpochStopsInfiniteLoopFromAnotherThread) {
  start(/*epoch=*/true, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("spin", kExternFunc, 0)};
  p.bodies = {infiniteLoopBody()};
  Instance inst = instantiate(p);
  store->setEpochDeadline(3);
  {
    EpochTicker ticker(*engine);
    expectTrap(invoke(inst, "spin"), TrapKind::Interrupted, "<module>!func[0]");
  }
  // The deadline has passed: the next call traps at once, until a new deadline is set.
  expectTrap(invoke(inst, "spin"), TrapKind::Interrupted, "<module>!func[0]");
  store->setEpochDeadline(2);
  EpochTicker ticker(*engine);
  expectTrap(invoke(inst, "spin"), TrapKind::Interrupted, "<module>!func[0]");
}

TEST_P(InterruptTest, EpochDeadlineNotReachedLetsCodeRun) {
  start(/*epoch=*/true, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({kI32}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("count", kExternFunc, 0)};
  p.bodies = {countdownBody()};
  Instance inst = instantiate(p);
  // Never set: no deadline.
  EXPECT_TRUE(invoke(inst, "count", {Value::i32(100000)}).ok());
  store->setEpochDeadline(1);
  EXPECT_TRUE(invoke(inst, "count", {Value::i32(100000)}).ok());
  engine->incrementEpoch();
  expectTrap(invoke(inst, "count", {Value::i32(100000)}), TrapKind::Interrupted,
             "<module>!func[0]");
}

TEST_P(InterruptTest, EpochChecksFunctionEntriesInRecursionWithoutLoops) {
  start(/*epoch=*/true, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0, 0};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  // func 0 recurses for ever (until the stack runs out); func 1 calls it.
  p.bodies = {funcBody(call(0) + Bytes{op::End}), funcBody(call(0) + Bytes{op::End})};
  Instance inst = instantiate(p);
  // Without a deadline the recursion ends on the stack limit...
  expectTrap(invoke(inst, "run"), TrapKind::CallStackExhausted, "<module>!func[0]");
  // ...with one that has passed, at the first function entry.
  store->setEpochDeadline(0);
  expectTrap(invoke(inst, "run"), TrapKind::Interrupted, "<module>!func[1]");
  // From another thread, somewhere down the recursion.
  store->setEpochDeadline(1);
  // Recursion that returns: 1000 frames, then unwinds, repeated.
  ModuleParts q;
  q.types = {funcType({kI32}, {}), funcType({}, {})};
  q.funcs = {0, 1};
  q.exports = {exportEntry("run", kExternFunc, 1)};
  q.bodies = {funcBody(localGet(0) + if_() + localGet(0) + i32Const(1) + Bytes{op::I32Sub} +
                       call(0) + Bytes{op::End, op::End}),
              funcBody(Bytes{op::Loop, kVoid} + i32Const(1000) + call(0) + br(0) +
                       Bytes{op::End, op::End})};
  Instance deep = instantiate(q);
  EpochTicker ticker(*engine);
  Result<std::vector<Value>> r = invoke(deep, "run");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::Interrupted);
}

TEST_P(InterruptTest, EpochInterruptsNestedHostToWasmCalls) {
  start(/*epoch=*/true, /*fuel=*/false);
  std::optional<Instance> inst;
  std::optional<Result<std::vector<Value>>> inner;
  Func host = Func::host(*store, FuncType(std::vector<ValType>{}, std::vector<ValType>{}),
                         [&](std::span<const Value>, std::span<Value>) {
                           // Set from inside the call: only the inner entry can reach it.
                           store->setEpochDeadline(2);
                           EpochTicker ticker(*engine);
                           inner = invoke(*inst, "spin");
                           return inner->ok() ? Result<void>() : Result<void>(inner->error());
                         });
  linker.define("env", "host", host);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "host", 0)};
  p.funcs = {0, 0};
  p.exports = {exportEntry("spin", kExternFunc, 1), exportEntry("outer", kExternFunc, 2)};
  p.bodies = {infiniteLoopBody(), funcBody(call(0) + Bytes{op::End})};
  inst = instantiate(p);
  Result<std::vector<Value>> r = invoke(*inst, "outer");
  ASSERT_TRUE(inner.has_value()) << (r.ok() ? "ok" : r.error().toString());
  ASSERT_FALSE(inner->ok());
  EXPECT_NE(inner->error().message.find("interrupted"), std::string::npos)
      << inner->error().message;
  // The deadline set in the nested call stays: the outer entry's next check traps at once.
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(invoke(*inst, "outer").ok());
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::Interrupted);
  EXPECT_EQ(store->lastTrap()->frames[0].funcName, "<module>!func[2]");
}

TEST_P(InterruptTest, EpochWithoutTheEngineOptionChangesNothing) {
  start(/*epoch=*/false, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({kI32}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("count", kExternFunc, 0)};
  p.bodies = {countdownBody()};
  Instance inst = instantiate(p);
  store->setEpochDeadline(0);
  engine->incrementEpoch();
  EXPECT_TRUE(invoke(inst, "count", {Value::i32(1000)}).ok());
  EXPECT_FALSE(store->setFuel(10).ok());
  EXPECT_FALSE(store->fuel().ok());
  EXPECT_EQ(store->fuelConsumed(), 0u);
}

TEST_P(InterruptTest, EpochFlagsInstancesCreatedAfterTheDeadlinePassed) {
  start(/*epoch=*/true, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("spin", kExternFunc, 0)};
  p.bodies = {infiniteLoopBody()};
  store->setEpochDeadline(1);
  engine->incrementEpoch();
  // No thread advances the epoch any more: only the store's pending deadline can stop this.
  Instance late = instantiate(p);
  expectTrap(invoke(late, "spin"), TrapKind::Interrupted, "<module>!func[0]");
}

TEST_P(InterruptTest, StoresComeAndGoWhileAnotherThreadAdvancesTheEpoch) {
  start(/*epoch=*/true, /*fuel=*/false);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("spin", kExternFunc, 0)};
  p.bodies = {infiniteLoopBody()};
  EpochTicker ticker(*engine);
  // Each store registers for the epoch, is flagged by the ticker's thread, and is destroyed
  // while that thread keeps going: it must never touch a dead store (run under ASan).
  for (int i = 0; i < 20; ++i) {
    store.emplace(*engine);
    {
      Instance inst = instantiate(p);
      store->setEpochDeadline(1);
      expectTrap(invoke(inst, "spin"), TrapKind::Interrupted, "<module>!func[0]");
    }
    store.reset();
  }
}

TEST_P(InterruptTest, FuelStopsInfiniteLoop) {
  start(/*epoch=*/false, /*fuel=*/true);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("spin", kExternFunc, 0)};
  p.bodies = {infiniteLoopBody()};
  Instance inst = instantiate(p);
  // A store starts without fuel.
  expectTrap(invoke(inst, "spin"), TrapKind::FuelExhausted, "<module>!func[0]");
  ASSERT_TRUE(store->setFuel(1000000).ok());
  expectTrap(invoke(inst, "spin"), TrapKind::FuelExhausted, "<module>!func[0]");
  EXPECT_EQ(*store->fuel(), 0u);
  // Four operators per iteration (i32.const, i32.const, i32.store, br): it stops in the
  // iteration that would go past the budget.
  EXPECT_GT(store->fuelConsumed(), 1000000u);
  EXPECT_LE(store->fuelConsumed(), 1000004u);
}

TEST_P(InterruptTest, FuelConsumedIsExactAndDeterministic) {
  start(/*epoch=*/false, /*fuel=*/true);
  ModuleParts p;
  p.types = {funcType({kI32}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("count", kExternFunc, 0)};
  p.bodies = {countdownBody()};
  Instance inst = instantiate(p);
  ASSERT_TRUE(store->setFuel(1000).ok());
  ASSERT_TRUE(invoke(inst, "count", {Value::i32(10)}).ok());
  EXPECT_EQ(store->fuelConsumed(), 50u);  // 10 iterations of 5
  EXPECT_EQ(*store->fuel(), 950u);
  ASSERT_TRUE(invoke(inst, "count", {Value::i32(10)}).ok());
  EXPECT_EQ(store->fuelConsumed(), 100u);
  // Exactly enough fuel runs to the end; one less traps.
  ASSERT_TRUE(store->setFuel(50).ok());
  EXPECT_TRUE(invoke(inst, "count", {Value::i32(10)}).ok());
  EXPECT_EQ(*store->fuel(), 0u);
  ASSERT_TRUE(store->setFuel(49).ok());
  expectTrap(invoke(inst, "count", {Value::i32(10)}), TrapKind::FuelExhausted, "<module>!func[0]");
}

TEST_P(InterruptTest, FuelCountsCallsAndBranchesOnEveryPath) {
  start(/*epoch=*/false, /*fuel=*/true);
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  p.funcs = {0, 0};
  p.exports = {exportEntry("f", kExternFunc, 1)};
  // func 0: local.get 0 (1). func 1: local.get, if (2); then: i32.const, call 0 (2);
  // else: i32.const, i32.const, i32.add (3); end.
  p.bodies = {funcBody(localGet(0) + Bytes{op::End}),
              funcBody(localGet(0) + if_(kI32) + i32Const(7) + call(0) + Bytes{op::Else} +
                       i32Const(1) + i32Const(2) + Bytes{op::I32Add, op::End, op::End})};
  Instance inst = instantiate(p);
  ASSERT_TRUE(store->setFuel(100).ok());
  Result<std::vector<Value>> r = invoke(inst, "f", {Value::i32(1)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], Value::i32(7));
  EXPECT_EQ(store->fuelConsumed(), 5u);  // 2 + 2 + 1
  ASSERT_TRUE(store->setFuel(100).ok());
  r = invoke(inst, "f", {Value::i32(0)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], Value::i32(3));
  EXPECT_EQ(store->fuelConsumed(), 5u);  // 2 + 3
}

TEST_P(InterruptTest, FuelStopsRecursionWithoutLoops) {
  start(/*epoch=*/false, /*fuel=*/true);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {funcBody(call(0) + Bytes{op::End})};
  Instance inst = instantiate(p);
  ASSERT_TRUE(store->setFuel(100).ok());
  expectTrap(invoke(inst, "run"), TrapKind::FuelExhausted, "<module>!func[0]");
  EXPECT_EQ(store->lastTrap()->frames.size(), 101u);  // one call per unit of fuel
  EXPECT_EQ(store->fuelConsumed(), 101u);
}

TEST_P(InterruptTest, FuelIsSharedByNestedHostToWasmCalls) {
  start(/*epoch=*/false, /*fuel=*/true);
  std::optional<Instance> inst;
  Func host = Func::host(*store, FuncType(std::vector<ValType>{}, std::vector<ValType>{}),
                         [&](std::span<const Value>, std::span<Value>) {
                           Result<std::vector<Value>> r = invoke(*inst, "count", {Value::i32(10)});
                           return r.ok() ? Result<void>() : Result<void>(r.error());
                         });
  linker.define("env", "host", host);
  ModuleParts p;
  p.types = {funcType({}, {}), funcType({kI32}, {})};
  p.imports = {importFunc("env", "host", 0)};
  p.funcs = {1, 0};
  p.exports = {exportEntry("count", kExternFunc, 1), exportEntry("outer", kExternFunc, 2)};
  // outer: call host (1), then i32.const, call count (2) -> 3 plus two countdowns of 50.
  p.bodies = {countdownBody(), funcBody(call(0) + i32Const(10) + call(1) + Bytes{op::End})};
  inst = instantiate(p);
  ASSERT_TRUE(store->setFuel(1000).ok());
  ASSERT_TRUE(invoke(*inst, "outer").ok());
  EXPECT_EQ(store->fuelConsumed(), 103u);
  // The inner call runs out: the outer one fails too, and the fuel stays spent.
  ASSERT_TRUE(store->setFuel(30).ok());
  EXPECT_FALSE(invoke(*inst, "outer").ok());
  EXPECT_EQ(*store->fuel(), 0u);
}

INSTANTIATE_TEST_SUITE_P(BothMemoryModes, InterruptTest,
                         ::testing::Values(MemoryBoundsMode::GuardPages,
                                           MemoryBoundsMode::Explicit),
                         [](const ::testing::TestParamInfo<MemoryBoundsMode>& info) {
                           return info.param == MemoryBoundsMode::GuardPages ? "GuardPages"
                                                                             : "Explicit";
                         });

}  // namespace
}  // namespace sable::test
