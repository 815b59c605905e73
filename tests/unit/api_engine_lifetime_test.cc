// Engine ownership (issue 12 §3): an Engine is a handle to a shared engine, and every Module and
// Store holds one, so dropping the embedder's handle first never leaves them dangling. Run under
// the asan preset, a use after free here fails the test.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

// (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
Bytes addModule() {
  ModuleParts p;
  p.types = {funcType({kI32, kI32}, {kI32})};
  p.funcs = {0};
  p.exports = {exportEntry("add", kExternFunc, 0)};
  p.bodies = {funcBody(localGet(0) + localGet(1) + Bytes{op::I32Add, op::End})};
  return p.build();
}

Result<std::vector<Value>> callAdd(Store& store, const Instance& instance) {
  const Value args[] = {Value::i32(40), Value::i32(2)};
  return instance.getFunc("add")->call(store, args);
}

TEST(EngineLifetime, ModuleAndStoreOutliveTheEmbeddersEngineHandle) {
  std::optional<Engine> engine = Engine::create().value();
  Result<Module> module = Module::compile(*engine, addModule());
  ASSERT_TRUE(module.ok()) << module.error().toString();
  Store store(*engine);
  engine.reset();  // the only handle the embedder had

  Result<Instance> instance = Linker().instantiate(store, *module);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  Result<std::vector<Value>> sum = callAdd(store, *instance);
  ASSERT_TRUE(sum.ok()) << sum.error().toString();
  EXPECT_EQ((*sum)[0], Value::i32(42));
  EXPECT_EQ(store.engine(), module->engine());
}

TEST(EngineLifetime, ModuleCompiledAfterTheHandleIsGoneUsesTheStoresEngine) {
  std::optional<Store> store;
  {
    Engine engine = Engine::create().value();
    store.emplace(engine);
  }
  // Only the store holds the engine now; compiling and instantiating through it still works.
  Result<Module> module = Module::compile(store->engine(), addModule());
  ASSERT_TRUE(module.ok()) << module.error().toString();
  Result<Instance> instance = Linker().instantiate(*store, *module);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  Result<std::vector<Value>> sum = callAdd(*store, *instance);
  ASSERT_TRUE(sum.ok()) << sum.error().toString();
  EXPECT_EQ((*sum)[0], Value::i32(42));
}

TEST(EngineLifetime, ModuleOutlivesEngineAndStore) {
  std::optional<Module> module;
  {
    Engine engine = Engine::create().value();
    module = Module::compile(engine, addModule()).value();
    Store store(engine);
    ASSERT_TRUE(Linker().instantiate(store, *module).ok());
  }
  // The last holder of the engine is the module: a new store from it runs the module.
  Store store(module->engine());
  Result<Instance> instance = Linker().instantiate(store, *module);
  ASSERT_TRUE(instance.ok()) << instance.error().toString();
  EXPECT_TRUE(callAdd(store, *instance).ok());
}

TEST(EngineLifetime, CopiesAreTheSameEngineAndOthersAreNot) {
  Engine a = Engine::create().value();
  Engine copy = a;
  Engine b = Engine::create().value();
  EXPECT_EQ(a, copy);
  EXPECT_NE(a, b);
  copy.incrementEpoch();
  EXPECT_EQ(a.currentEpoch(), 1u);
  EXPECT_EQ(b.currentEpoch(), 0u);

  // A module of one engine cannot be instantiated in a store of another.
  Result<Module> module = Module::compile(a, addModule());
  ASSERT_TRUE(module.ok());
  Store other(b);
  Result<Instance> instance = Linker().instantiate(other, *module);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().kind, ErrorKind::Usage);
}

}  // namespace
}  // namespace sable::test
