// The VMBuiltins helpers called directly on an instance's VMContext, checking exact wasm
// semantics: bounds checks before any write, overlap, drops, growth limits.
#include <gtest/gtest.h>

#include "runtime/engine_impl.h"
#include "runtime/store_objects.h"
#include "runtime_fake_code_engine.h"
#include "sable/sable.h"

namespace sable::test {
namespace {

constexpr uint32_t kOk = 0;
constexpr uint32_t kMemOob = static_cast<uint32_t>(vm::TrapCode::MemoryOutOfBounds);
constexpr uint32_t kTabOob = static_cast<uint32_t>(vm::TrapCode::TableOutOfBounds);

class BuiltinsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ModuleParts p;
    p.types = {funcType({}, {})};
    p.funcs = {0, 0};
    p.tables = {tableType(kFuncRef, limits(4, 6)), tableType(kFuncRef, limits(2))};
    p.memories = {limits(1, 2)};
    p.exports = {exportEntry("t0", kExternTable, 0), exportEntry("t1", kExternTable, 1),
                 exportEntry("m", kExternMemory, 0), exportEntry("f0", kExternFunc, 0),
                 exportEntry("f1", kExternFunc, 1)};
    p.elems = {elemPassive({0, 1, 0})};
    p.dataCount = 1;
    p.bodies = {funcBody(Bytes{op::End}), funcBody(Bytes{op::End})};
    p.data = {dataPassive({1, 2, 3, 4})};
    Result<Instance> inst = linker.instantiate(store, fake.compile(p.build()));
    ASSERT_TRUE(inst.ok()) << inst.error().toString();
    instance = *inst;
    ctx = &ApiAccess::object(*instance)->ctx;
    b = ctx->builtins;
  }

  uint8_t* mem() { return ctx->memory->base; }
  void* ref(const char* name) { return &ApiAccess::object(*instance->getFunc(name))->ref; }
  void** elems(uint32_t table) { return ctx->tables[table]->elements; }

  FakeEngine fake;
  Store store{fake.engine};
  Linker linker;
  std::optional<Instance> instance;
  vm::VMContext* ctx = nullptr;
  const vm::VMBuiltins* b = nullptr;
};

TEST_F(BuiltinsTest, MemoryFillChecksBoundsFirst) {
  EXPECT_EQ(b->memoryFill(ctx, 65530, 0x1FF, 6), kOk);
  EXPECT_EQ(mem()[65535], 0xFF);
  EXPECT_EQ(b->memoryFill(ctx, 65536, 1, 0), kOk);  // empty at the end is fine
  EXPECT_EQ(b->memoryFill(ctx, 65537, 1, 0), kMemOob);
  EXPECT_EQ(b->memoryFill(ctx, 65530, 7, 7), kMemOob);
  EXPECT_EQ(mem()[65530], 0xFF);                             // nothing written
  EXPECT_EQ(b->memoryFill(ctx, 0xFFFFFFFF, 1, 2), kMemOob);  // no u32 wrap-around
}

TEST_F(BuiltinsTest, MemoryCopyHandlesOverlap) {
  for (int i = 0; i < 8; ++i) mem()[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(b->memoryCopy(ctx, 2, 0, 6), kOk);  // forward overlap
  EXPECT_EQ(mem()[2], 0);
  EXPECT_EQ(mem()[7], 5);
  EXPECT_EQ(b->memoryCopy(ctx, 0, 2, 6), kOk);  // backward overlap
  EXPECT_EQ(mem()[0], 0);
  EXPECT_EQ(mem()[5], 5);
  EXPECT_EQ(b->memoryCopy(ctx, 0, 65535, 2), kMemOob);
  EXPECT_EQ(b->memoryCopy(ctx, 65535, 0, 2), kMemOob);
  EXPECT_EQ(mem()[65535], 0);
}

TEST_F(BuiltinsTest, MemoryInitAndDataDrop) {
  EXPECT_EQ(b->memoryInit(ctx, 0, 100, 1, 3), kOk);
  EXPECT_EQ(mem()[100], 2);
  EXPECT_EQ(mem()[102], 4);
  EXPECT_EQ(b->memoryInit(ctx, 0, 100, 2, 3), kMemOob);  // past the segment
  EXPECT_EQ(b->memoryInit(ctx, 0, 65535, 0, 2), kMemOob);
  EXPECT_EQ(b->memoryInit(ctx, 0, 0, 4, 0), kOk);
  b->dataDrop(ctx, 0);
  EXPECT_EQ(b->memoryInit(ctx, 0, 0, 0, 0), kOk);  // a dropped segment is empty
  EXPECT_EQ(b->memoryInit(ctx, 0, 0, 0, 1), kMemOob);
}

TEST_F(BuiltinsTest, MemoryGrowHonoursMaximum) {
  EXPECT_EQ(b->memoryGrow(ctx, 0), 1);
  EXPECT_EQ(b->memoryGrow(ctx, 2), -1);
  EXPECT_EQ(b->memoryGrow(ctx, 1), 1);
  EXPECT_EQ(ctx->memory->sizeBytes, 2u * 65536);
  EXPECT_EQ(instance->getMemory("m")->sizePages(), 2u);
  EXPECT_EQ(b->memoryGrow(ctx, 1), -1);
}

TEST_F(BuiltinsTest, TableInitCopyFillGrow) {
  EXPECT_EQ(b->tableInit(ctx, 0, 0, 1, 0, 3), kOk);
  EXPECT_EQ(elems(0)[0], nullptr);
  EXPECT_EQ(elems(0)[1], ref("f0"));
  EXPECT_EQ(elems(0)[2], ref("f1"));
  EXPECT_EQ(elems(0)[3], ref("f0"));
  EXPECT_EQ(b->tableInit(ctx, 0, 0, 2, 0, 3), kTabOob);
  EXPECT_EQ(b->tableInit(ctx, 0, 0, 0, 2, 2), kTabOob);
  b->elemDrop(ctx, 0);
  EXPECT_EQ(b->tableInit(ctx, 0, 0, 0, 0, 0), kOk);
  EXPECT_EQ(b->tableInit(ctx, 0, 0, 0, 0, 1), kTabOob);

  EXPECT_EQ(b->tableCopy(ctx, 0, 0, 0, 1, 3), kOk);  // overlapping, within one table
  EXPECT_EQ(elems(0)[0], ref("f0"));
  EXPECT_EQ(elems(0)[2], ref("f0"));
  EXPECT_EQ(b->tableCopy(ctx, 1, 0, 0, 2, 2), kOk);  // across tables
  EXPECT_EQ(elems(1)[1], ref("f0"));
  EXPECT_EQ(b->tableCopy(ctx, 1, 0, 1, 0, 2), kTabOob);

  EXPECT_EQ(b->tableFill(ctx, 1, 0, nullptr, 2), kOk);
  EXPECT_EQ(elems(1)[0], nullptr);
  EXPECT_EQ(b->tableFill(ctx, 1, 1, nullptr, 2), kTabOob);

  EXPECT_EQ(b->tableGrow(ctx, 0, ref("f1"), 2), 4);
  EXPECT_EQ(ctx->tables[0]->size, 6u);
  EXPECT_EQ(elems(0)[5], ref("f1"));
  EXPECT_EQ(b->tableGrow(ctx, 0, nullptr, 1), -1);  // max 6
  EXPECT_EQ(instance->getTable("t0")->size(), 6u);
  EXPECT_EQ(instance->getTable("t0")->get(5)->asFuncref(), instance->getFunc("f1"));
  EXPECT_EQ(b->tableGrow(ctx, 1, nullptr, 0xFFFFFFFF), -1);  // implementation limit
}

TEST_F(BuiltinsTest, RecordTrapFillsActivation) {
  b->recordTrap(ctx, static_cast<uint32_t>(vm::TrapCode::IntegerOverflow), 0x1234, 0);
  EXPECT_EQ(ctx->activation->trapCode, vm::TrapCode::IntegerOverflow);
  EXPECT_EQ(ctx->activation->trapPc, 0x1234u);
}

TEST(RuntimeArgLayout, SlotsAndV128) {
  std::vector<ValType> params = {ValType::I32, ValType::V128, ValType::F64};
  std::vector<ValType> results = {ValType::V128, ValType::ExternRef};
  vm::ArgLayout l = vm::ArgLayout::of(params, results);
  EXPECT_EQ(l.paramOffsets, (std::vector<uint32_t>{0, 8, 24}));
  EXPECT_EQ(l.resultOffsets, (std::vector<uint32_t>{32, 48}));
  EXPECT_EQ(l.sizeBytes, 56u);
  EXPECT_EQ(vm::ArgLayout::of({}, {}).sizeBytes, 0u);
}

TEST(RuntimeTrapMessages, MatchTheSpecWording) {
  EXPECT_STREQ(vm::trapCodeMessage(vm::TrapCode::IntegerDivideByZero), "integer divide by zero");
  EXPECT_STREQ(vm::trapCodeMessage(vm::TrapCode::IndirectCallToNull), "uninitialized element");
  EXPECT_STREQ(trapKindMessage(TrapKind::UndefinedElement), "undefined element");
}

TEST(RuntimeSignatures, CanonicalPerEngine) {
  FakeEngine a;
  FakeEngine b;
  FuncType t1(std::vector<ValType>{ValType::I32}, std::vector<ValType>{ValType::I64});
  FuncType t2(std::vector<ValType>{ValType::I32, ValType::I64}, {});
  FuncType t1again(std::vector<ValType>{ValType::I32}, std::vector<ValType>{ValType::I64});
  uint32_t id1 = ApiAccess::impl(a.engine).internSignature(t1);
  EXPECT_NE(id1, 0u);
  EXPECT_EQ(ApiAccess::impl(a.engine).internSignature(t1again), id1);
  EXPECT_NE(ApiAccess::impl(a.engine).internSignature(t2), id1);
  // Same parameters+results bytes split differently are different types.
  FuncType t3(std::vector<ValType>{ValType::I32, ValType::I64}, {});
  FuncType t4(std::vector<ValType>{ValType::I32}, std::vector<ValType>{ValType::I64});
  EXPECT_NE(ApiAccess::impl(a.engine).internSignature(t3),
            ApiAccess::impl(a.engine).internSignature(t4));
  // Another engine numbers independently.
  EXPECT_EQ(ApiAccess::impl(b.engine).internSignature(t2), 1u);
}

TEST(RuntimeValue, KeepsBitsExactly) {
  Value nan = Value::f32Bits(0x7F800001);
  EXPECT_EQ(nan.asF32Bits(), 0x7F800001u);
  EXPECT_EQ(nan, Value::f32Bits(0x7F800001));
  EXPECT_FALSE(nan == Value::f32Bits(0x7FC00000));
  EXPECT_EQ(Value::f64(-0.0).asF64Bits(), 0x8000000000000000ull);
  EXPECT_EQ(Value::i32(-1).asI32(), -1);
  EXPECT_EQ(Value::i32(-1).bitsLo(), 0xFFFFFFFFu);  // i32 is zero-extended in its slot
  EXPECT_TRUE(Value::nullRef(ValType::FuncRef).isNullRef());
  EXPECT_FALSE(Value::nullRef(ValType::FuncRef).asFuncref());
  EXPECT_FALSE(Value::i32(0).isNullRef());
  EXPECT_EQ(Value::i64(3).toString(), "i64:3");
}

}  // namespace
}  // namespace sable::test
