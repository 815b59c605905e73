// Typed host functions (Func::wrap), typed calls (TypedFunc), Caller and per-store data
// (issue 12 §3).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// (import "env" "host" (func (param i32) (result i32))) (memory (export "memory") 1)
// (func (export "run") (param i32) (result i32) local.get 0 call 0)
Bytes callsHostModule() {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  p.imports = {importFunc("env", "host", 0)};
  p.funcs = {0};
  p.memories = {limits(1)};
  p.exports = {exportEntry("memory", kExternMemory, 0), exportEntry("run", kExternFunc, 1)};
  p.bodies = {funcBody(localGet(0) + Bytes{op::Call} + u32(0) + Bytes{op::End})};
  return p.build();
}

// (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
Bytes addModule() {
  ModuleParts p;
  p.types = {funcType({kI32, kI32}, {kI32})};
  p.funcs = {0};
  p.exports = {exportEntry("add", kExternFunc, 0)};
  p.bodies = {funcBody(localGet(0) + localGet(1) + Bytes{op::I32Add, op::End})};
  return p.build();
}

class TypedApiTest : public ::testing::Test {
 protected:
  Engine engine = Engine::create().value();
  Store store{engine};

  Instance instantiate(const Bytes& wasm, const Linker& linker) {
    Result<Module> module = Module::compile(engine, wasm);
    EXPECT_TRUE(module.ok()) << module.error().toString();
    Result<Instance> instance = linker.instantiate(store, *module);
    EXPECT_TRUE(instance.ok()) << instance.error().toString();
    return *instance;
  }
};

TEST_F(TypedApiTest, WrapDeducesTheWasmTypeFromTheCallable) {
  Func f = Func::wrap(store, [](int32_t a, double b) -> int64_t {
    return static_cast<int64_t>(a) * static_cast<int64_t>(b);
  });
  const ValType params[] = {ValType::I32, ValType::F64};
  const ValType results[] = {ValType::I64};
  EXPECT_EQ(f.type(), FuncType(params, results));
  const Value args[] = {Value::i32(6), Value::f64(7.0)};
  Result<std::vector<Value>> r = f.call(store, args);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i64(42));
}

TEST_F(TypedApiTest, WrapTakesVoidAndTupleResultsAndFunctionPointers) {
  int calls = 0;
  Func noResult = Func::wrap(store, [&calls](float) { ++calls; });
  EXPECT_EQ(noResult.type().toString(), "(f32) -> ()");
  ASSERT_TRUE(noResult.call(store, std::vector<Value>{Value::f32(1.5f)}).ok());
  EXPECT_EQ(calls, 1);

  Func pair = Func::wrap(store, [](uint32_t a) { return std::make_tuple(a + 1, int64_t{a} * 2); });
  EXPECT_EQ(pair.type().toString(), "(i32) -> (i32 i64)");
  Result<std::vector<Value>> r = pair.call(store, std::vector<Value>{Value::i32(20)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(21));
  EXPECT_EQ((*r)[1], Value::i64(40));

  int64_t (*negate)(int64_t) = [](int64_t v) { return -v; };
  Func pointer = Func::wrap(store, negate);
  EXPECT_EQ(pointer.type().toString(), "(i64) -> (i64)");
}

TEST_F(TypedApiTest, CallerSeesTheCallingInstanceItsMemoryAndTheStoreData) {
  int tag = 7;
  store.setData(&tag);
  std::optional<Instance> seen;
  Linker linker;
  linker.define("env", "host", Func::wrap(store, [&seen](Caller& caller, int32_t offset) {
                  seen = caller.instance();
                  std::optional<Memory> memory = caller.getMemory("memory");
                  if (!memory) return -1;
                  const uint8_t byte[] = {0xAB};
                  if (!memory->write(static_cast<uint64_t>(offset), byte).ok()) return -2;
                  return *static_cast<int*>(caller.data());
                }));
  Instance instance = instantiate(callsHostModule(), linker);
  Result<std::vector<Value>> r = instance.getFunc("run")->call(store, std::vector{Value::i32(16)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(7));
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, instance);
  EXPECT_EQ(instance.getMemory("memory")->data()[16], 0xAB);
}

TEST_F(TypedApiTest, CallerOfACallFromTheHostHasNoInstance) {
  bool hadInstance = true;
  Func f = Func::wrap(store, [&hadInstance](Caller& caller) {
    hadInstance = caller.instance().has_value() || caller.getExport("memory").has_value();
  });
  ASSERT_TRUE(f.call(store, {}).ok());
  EXPECT_FALSE(hadInstance);
}

TEST_F(TypedApiTest, ErrorFromAWrappedFunctionTrapsTheCallingWasmCode) {
  Linker linker;
  linker.define("env", "host", Func::wrap(store, [](int32_t v) -> Result<int32_t> {
                  if (v < 0) return Error{ErrorKind::Trap, Error::kNoOffset, "negative input"};
                  return v * 2;
                }));
  Instance instance = instantiate(callsHostModule(), linker);
  Func run = *instance.getFunc("run");
  Result<std::vector<Value>> ok = run.call(store, std::vector{Value::i32(21)});
  ASSERT_TRUE(ok.ok()) << ok.error().toString();
  EXPECT_EQ((*ok)[0], Value::i32(42));

  Result<std::vector<Value>> trapped = run.call(store, std::vector{Value::i32(-1)});
  ASSERT_FALSE(trapped.ok());
  EXPECT_EQ(trapped.error().kind, ErrorKind::Trap);
  EXPECT_NE(trapped.error().message.find("negative input"), std::string::npos);
  ASSERT_TRUE(store.lastTrap().has_value());
  EXPECT_EQ(store.lastTrap()->kind, TrapKind::HostError);
}

TEST_F(TypedApiTest, TypedCallsAWasmFunction) {
  Instance instance = instantiate(addModule(), Linker());
  Result<TypedFunc<int32_t(int32_t, int32_t)>> add =
      instance.getFunc("add")->typed<int32_t(int32_t, int32_t)>(store);
  ASSERT_TRUE(add.ok()) << add.error().toString();
  Result<int32_t> sum = add->call(store, 40, 2);
  ASSERT_TRUE(sum.ok()) << sum.error().toString();
  EXPECT_EQ(*sum, 42);
  EXPECT_EQ(*add->call(store, -1, 1), 0);
}

TEST_F(TypedApiTest, TypedWithTheWrongSignatureFailsOnceWithBothTypes) {
  Instance instance = instantiate(addModule(), Linker());
  Result<TypedFunc<int64_t(int32_t)>> wrong =
      instance.getFunc("add")->typed<int64_t(int32_t)>(store);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  EXPECT_NE(wrong.error().message.find("(i32 i32) -> (i32)"), std::string::npos);
  EXPECT_NE(wrong.error().message.find("(i32) -> (i64)"), std::string::npos);

  Store other(engine);
  EXPECT_FALSE(instance.getFunc("add")->typed<int32_t(int32_t, int32_t)>(other).ok());
}

TEST_F(TypedApiTest, TypedCallOfAWrappedHostFunctionWithTupleResults) {
  Func f = Func::wrap(store, [](int64_t a, float b) { return std::make_tuple(b, a + 1); });
  auto typed = f.typed<std::tuple<float, int64_t>(int64_t, float)>(store);
  ASSERT_TRUE(typed.ok()) << typed.error().toString();
  Result<std::tuple<float, int64_t>> r = typed->call(store, 41, 0.5f);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(*r, std::make_tuple(0.5f, int64_t{42}));
}

// Counts destructions of the store data, for the tests below.
void countDestruction(void* counter) { ++*static_cast<int*>(counter); }

TEST(StoreData, DestructorRunsWhenReplacedAndWhenTheStoreDies) {
  int first = 0;
  int second = 0;
  {
    Store store(Engine::create().value());
    EXPECT_EQ(store.data(), nullptr);
    store.setData(&first, countDestruction);
    EXPECT_EQ(store.data(), &first);
    store.setData(&second, countDestruction);
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 0);
    Store moved(std::move(store));  // the data moves with the store, not destroyed twice
    EXPECT_EQ(moved.data(), &second);
  }
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
}

}  // namespace
}  // namespace sable::test
