// StoreLimits through the real JIT (issue 11): instantiation past a limit fails with the limit
// in the message and leaves the store as it was; memory.grow and table.grow past one return -1
// to the guest; the host API's creation and growth obey the same limits; in both memory modes.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

constexpr uint64_t kPage = 65536;

// A module with one memory of `minPages`, exporting it as "memory" with grow(delta) -> old
// size or -1, size() -> pages, and poke(address) storing a byte there.
Bytes memoryModule(uint32_t minPages) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32}), funcType({}, {kI32}), funcType({kI32}, {})};
  p.funcs = {0, 1, 2};
  p.memories = {limits(minPages)};
  p.exports = {exportEntry("grow", kExternFunc, 0), exportEntry("size", kExternFunc, 1),
               exportEntry("poke", kExternFunc, 2), exportEntry("memory", kExternMemory, 0)};
  p.bodies = {funcBody(localGet(0) + Bytes{op::MemoryGrow, 0, op::End}),
              funcBody(Bytes{op::MemorySize, 0, op::End}),
              funcBody(localGet(0) + i32Const(7) + mem(op::I32Store8, 0) + Bytes{op::End})};
  return p.build();
}

// A module with one funcref table of `minElements`, exporting it as "table" with
// grow(delta) -> old size or -1 and size() -> elements.
Bytes tableModule(uint32_t minElements) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32}), funcType({}, {kI32})};
  p.funcs = {0, 1};
  p.tables = {tableType(kFuncRef, limits(minElements))};
  p.exports = {exportEntry("grow", kExternFunc, 0), exportEntry("size", kExternFunc, 1),
               exportEntry("table", kExternTable, 0)};
  p.bodies = {
      funcBody(refNull(kFuncRef) + localGet(0) + miscOp(misc::TableGrow) + u32(0) + Bytes{op::End}),
      funcBody(miscOp(misc::TableSize) + u32(0) + Bytes{op::End})};
  return p.build();
}

// A module with nothing in it but one function: instantiating it only adds an instance.
Bytes emptyModule() {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.bodies = {funcBody(Bytes{op::End})};
  return p.build();
}

// StoreLimits with one limit set.
StoreLimits limitsWith(std::optional<uint64_t> StoreLimits::*field, uint64_t value) {
  StoreLimits limits;
  limits.*field = value;
  return limits;
}

class StoreLimitsTest : public ::testing::TestWithParam<MemoryBoundsMode> {
 protected:
  void SetUp() override {
    EngineConfig config;
    config.memoryBoundsMode = GetParam();
    Result<Engine> e = Engine::create(config);
    ASSERT_TRUE(e.ok()) << e.error().toString();
    engine = *e;
    store.emplace(*engine);
  }

  Result<Instance> instantiate(const Bytes& wasm) {
    Result<Module> m = Module::compile(*engine, std::span<const uint8_t>(wasm.data(), wasm.size()));
    if (!m) return m.error();
    return linker.instantiate(*store, *m);
  }

  Instance mustInstantiate(const Bytes& wasm) {
    Result<Instance> inst = instantiate(wasm);
    EXPECT_TRUE(inst.ok()) << inst.error().toString();
    return *inst;
  }

  // Calls export `name` of `inst` with one i32 (or none) and returns its i32 result.
  int32_t call(const Instance& inst, const char* name, std::optional<int32_t> arg = {}) {
    std::optional<Func> f = inst.getFunc(name);
    EXPECT_TRUE(f.has_value()) << name;
    std::vector<Value> args;
    if (arg) args.push_back(Value::i32(*arg));
    Result<std::vector<Value>> r = f->call(*store, args);
    EXPECT_TRUE(r.ok()) << r.error().toString();
    return r.ok() && !r->empty() ? (*r)[0].asI32() : -999;
  }

  void setLimits(StoreLimits limits) { store->setLimits(limits); }

  std::optional<Engine> engine;
  std::optional<Store> store;
  Linker linker;
};

// The error is ResourceExhausted and its message is exactly `message`.
void expectExhausted(const Error& error, const std::string& message) {
  EXPECT_EQ(error.kind, ErrorKind::ResourceExhausted) << error.toString();
  EXPECT_EQ(error.message, message);
}

TEST_P(StoreLimitsTest, NewStoreHasNoLimitsAndCountsWhatItCreates) {
  EXPECT_FALSE(store->limits().maxMemoryBytes);
  EXPECT_FALSE(store->limits().maxInstances);
  mustInstantiate(memoryModule(3));
  mustInstantiate(tableModule(5));
  EXPECT_EQ(store->usage().instances, 2u);
  EXPECT_EQ(store->usage().memories, 1u);
  EXPECT_EQ(store->usage().tables, 1u);
  EXPECT_EQ(store->usage().memoryBytes, 3 * kPage);
}

TEST_P(StoreLimitsTest, MemoryMinimumOverTheLimitFailsToInstantiateAndCreatesNothing) {
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 16 * kPage));
  Result<Instance> inst = instantiate(memoryModule(17));
  ASSERT_FALSE(inst.ok());
  expectExhausted(inst.error(),
                  "instantiation: memory 0 needs 17 pages (1088 KiB) but the store limit is 1 MiB "
                  "(StoreLimits::maxMemoryBytes)");
  EXPECT_EQ(store->usage().instances, 0u);
  EXPECT_EQ(store->usage().memories, 0u);
  EXPECT_EQ(store->usage().memoryBytes, 0u);
  // Exactly at the limit fits.
  mustInstantiate(memoryModule(16));
}

TEST_P(StoreLimitsTest, WholeAddressSpaceAgainstASmallLimit) {
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 16 << 20));
  Result<Instance> inst = instantiate(memoryModule(65536));
  ASSERT_FALSE(inst.ok());
  expectExhausted(inst.error(),
                  "instantiation: memory 0 needs 65536 pages (4 GiB) but the store limit is 16 MiB "
                  "(StoreLimits::maxMemoryBytes)");
}

TEST_P(StoreLimitsTest, GuestMemoryGrowPastTheLimitReturnsMinusOneAndChangesNothing) {
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 4 * kPage));
  Instance inst = mustInstantiate(memoryModule(1));
  EXPECT_EQ(call(inst, "grow", 4), -1);  // to 5 pages
  EXPECT_EQ(call(inst, "size"), 1);
  EXPECT_EQ(store->usage().memoryBytes, kPage);
  EXPECT_EQ(call(inst, "grow", 3), 1);  // to 4 pages: within the limit
  EXPECT_EQ(call(inst, "size"), 4);
  call(inst, "poke", static_cast<int32_t>(4 * kPage - 1));  // the grown pages are usable
  EXPECT_FALSE(store->lastTrap());
  EXPECT_EQ(call(inst, "grow", 1), -1);
  EXPECT_EQ(call(inst, "grow", 0), 4);
  EXPECT_EQ(call(inst, "size"), 4);
  EXPECT_EQ(store->usage().memoryBytes, 4 * kPage);
}

TEST_P(StoreLimitsTest, TotalMemoryLimitCountsEveryMemoryOfTheStore) {
  setLimits(limitsWith(&StoreLimits::maxTotalMemoryBytes, 3 * kPage));
  Instance first = mustInstantiate(memoryModule(2));
  Result<Instance> second = instantiate(memoryModule(2));
  ASSERT_FALSE(second.ok());
  expectExhausted(second.error(),
                  "instantiation: memory 0 needs 2 pages (128 KiB) with 128 KiB in the store's "
                  "other memories, but the store limit is 192 KiB in total "
                  "(StoreLimits::maxTotalMemoryBytes)");
  Instance third = mustInstantiate(memoryModule(1));
  EXPECT_EQ(store->usage().memoryBytes, 3 * kPage);
  EXPECT_EQ(call(first, "grow", 1), -1);
  EXPECT_EQ(call(third, "grow", 1), -1);
  // A host-created memory counts too.
  Result<Memory> host = Memory::create(*store, MemoryType{Limits{1, 0, false}});
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().kind, ErrorKind::ResourceExhausted);
  // Raising the limit lets the guests grow again.
  setLimits(limitsWith(&StoreLimits::maxTotalMemoryBytes, 4 * kPage));
  EXPECT_EQ(call(third, "grow", 1), 1);
  EXPECT_EQ(call(first, "grow", 1), -1);
}

TEST_P(StoreLimitsTest, LoweredLimitKeepsWhatExistsAndRefusesGrowth) {
  Instance inst = mustInstantiate(memoryModule(4));
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 2 * kPage));
  EXPECT_EQ(call(inst, "size"), 4);
  EXPECT_EQ(call(inst, "grow", 0), 4);
  EXPECT_EQ(call(inst, "grow", 1), -1);
  call(inst, "poke", static_cast<int32_t>(4 * kPage - 1));
  EXPECT_FALSE(store->lastTrap());
}

TEST_P(StoreLimitsTest, LoweredCountLimitStillAdmitsModulesThatCreateNoneOfThatKind) {
  mustInstantiate(memoryModule(1));
  mustInstantiate(memoryModule(1));
  setLimits(limitsWith(&StoreLimits::maxMemories, 1));
  mustInstantiate(tableModule(1));
  EXPECT_FALSE(instantiate(memoryModule(1)).ok());
}

TEST_P(StoreLimitsTest, TableLimitAppliesToInstantiationAndToTableGrow) {
  setLimits(limitsWith(&StoreLimits::maxTableElements, 10));
  Result<Instance> tooBig = instantiate(tableModule(11));
  ASSERT_FALSE(tooBig.ok());
  expectExhausted(tooBig.error(),
                  "instantiation: table 0 needs 11 elements but the store limit is 10 "
                  "(StoreLimits::maxTableElements)");
  EXPECT_EQ(store->usage().tables, 0u);
  Instance inst = mustInstantiate(tableModule(2));
  EXPECT_EQ(call(inst, "grow", 9), -1);
  EXPECT_EQ(call(inst, "size"), 2);
  EXPECT_EQ(call(inst, "grow", 8), 2);
  EXPECT_EQ(call(inst, "size"), 10);
  EXPECT_EQ(call(inst, "grow", 1), -1);
  EXPECT_EQ(call(inst, "grow", 0), 10);
}

TEST_P(StoreLimitsTest, InstanceCountLimit) {
  setLimits(limitsWith(&StoreLimits::maxInstances, 2));
  mustInstantiate(emptyModule());
  mustInstantiate(emptyModule());
  Result<Instance> third = instantiate(emptyModule());
  ASSERT_FALSE(third.ok());
  expectExhausted(third.error(),
                  "instantiation: would make 3 instances but the store limit is 2 "
                  "(StoreLimits::maxInstances)");
  EXPECT_EQ(store->usage().instances, 2u);
}

TEST_P(StoreLimitsTest, MemoryCountLimitCountsHostAndGuestMemories) {
  setLimits(limitsWith(&StoreLimits::maxMemories, 1));
  Result<Memory> host = Memory::create(*store, MemoryType{Limits{1, 0, false}});
  ASSERT_TRUE(host.ok()) << host.error().toString();
  Result<Instance> inst = instantiate(memoryModule(1));
  ASSERT_FALSE(inst.ok());
  expectExhausted(inst.error(),
                  "instantiation: would make 2 memories but the store limit is 1 "
                  "(StoreLimits::maxMemories)");
  EXPECT_EQ(store->usage().instances, 0u);  // refused before the instance was created
  Result<Memory> second = Memory::create(*store, MemoryType{Limits{0, 0, false}});
  ASSERT_FALSE(second.ok());
  expectExhausted(second.error(),
                  "Memory::create: memory would make 2 memories but the store limit is 1 "
                  "(StoreLimits::maxMemories)");
  EXPECT_EQ(store->usage().memories, 1u);
}

TEST_P(StoreLimitsTest, TableCountLimitCountsHostAndGuestTables) {
  setLimits(limitsWith(&StoreLimits::maxTables, 1));
  mustInstantiate(tableModule(1));
  Result<Instance> inst = instantiate(tableModule(1));
  ASSERT_FALSE(inst.ok());
  expectExhausted(inst.error(),
                  "instantiation: would make 2 tables but the store limit is 1 "
                  "(StoreLimits::maxTables)");
  Result<Table> host = Table::create(*store, TableType{ValType::FuncRef, Limits{1, 0, false}},
                                     Value::nullRef(ValType::FuncRef));
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().kind, ErrorKind::ResourceExhausted);
  EXPECT_EQ(store->usage().tables, 1u);
}

TEST_P(StoreLimitsTest, HostMemoryCreateAndGrowObeyTheLimits) {
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 2 * kPage));
  Result<Memory> tooBig = Memory::create(*store, MemoryType{Limits{3, 0, false}});
  ASSERT_FALSE(tooBig.ok());
  expectExhausted(tooBig.error(),
                  "Memory::create: memory needs 3 pages (192 KiB) but the store limit is 128 KiB "
                  "(StoreLimits::maxMemoryBytes)");
  Result<Memory> memory = Memory::create(*store, MemoryType{Limits{1, 0, false}});
  ASSERT_TRUE(memory.ok()) << memory.error().toString();
  Result<uint64_t> grown = memory->grow(2);
  ASSERT_FALSE(grown.ok());
  expectExhausted(grown.error(),
                  "Memory::grow: memory needs 3 pages (192 KiB) but the store limit is 128 KiB "
                  "(StoreLimits::maxMemoryBytes)");
  EXPECT_EQ(memory->sizePages(), 1u);
  grown = memory->grow(1);
  ASSERT_TRUE(grown.ok()) << grown.error().toString();
  EXPECT_EQ(*grown, 1u);
  EXPECT_EQ(memory->sizePages(), 2u);
  EXPECT_EQ(store->usage().memoryBytes, 2 * kPage);
}

TEST_P(StoreLimitsTest, HostTableCreateAndGrowObeyTheLimits) {
  setLimits(limitsWith(&StoreLimits::maxTableElements, 4));
  const Value null = Value::nullRef(ValType::FuncRef);
  Result<Table> tooBig =
      Table::create(*store, TableType{ValType::FuncRef, Limits{5, 0, false}}, null);
  ASSERT_FALSE(tooBig.ok());
  expectExhausted(tooBig.error(),
                  "Table::create: table needs 5 elements but the store limit is 4 "
                  "(StoreLimits::maxTableElements)");
  Result<Table> table =
      Table::create(*store, TableType{ValType::FuncRef, Limits{1, 0, false}}, null);
  ASSERT_TRUE(table.ok()) << table.error().toString();
  Result<uint32_t> grown = table->grow(4, null);
  ASSERT_FALSE(grown.ok());
  expectExhausted(grown.error(),
                  "Table::grow: table needs 5 elements but the store limit is 4 "
                  "(StoreLimits::maxTableElements)");
  EXPECT_EQ(table->size(), 1u);
  grown = table->grow(3, null);
  ASSERT_TRUE(grown.ok()) << grown.error().toString();
  EXPECT_EQ(table->size(), 4u);
}

TEST_P(StoreLimitsTest, GuestGrowsAMemoryTheHostCreated) {
  setLimits(limitsWith(&StoreLimits::maxMemoryBytes, 2 * kPage));
  Result<Memory> memory = Memory::create(*store, MemoryType{Limits{1, 0, false}});
  ASSERT_TRUE(memory.ok()) << memory.error().toString();
  linker.define("host", "memory", Extern(*memory));
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  p.imports = {importMemory("host", "memory", limits(1))};
  p.funcs = {0};
  p.exports = {exportEntry("grow", kExternFunc, 0)};
  p.bodies = {funcBody(localGet(0) + Bytes{op::MemoryGrow, 0, op::End})};
  Instance inst = mustInstantiate(p.build());
  EXPECT_EQ(store->usage().memories, 1u);  // an imported memory is not counted again
  EXPECT_EQ(call(inst, "grow", 2), -1);
  EXPECT_EQ(call(inst, "grow", 1), 1);
  EXPECT_EQ(memory->sizePages(), 2u);
  EXPECT_EQ(store->usage().memoryBytes, 2 * kPage);
}

INSTANTIATE_TEST_SUITE_P(BoundsModes, StoreLimitsTest,
                         ::testing::Values(MemoryBoundsMode::GuardPages,
                                           MemoryBoundsMode::Explicit),
                         [](const ::testing::TestParamInfo<MemoryBoundsMode>& info) {
                           return info.param == MemoryBoundsMode::GuardPages ? "Guard" : "Explicit";
                         });

}  // namespace
}  // namespace sable::test
