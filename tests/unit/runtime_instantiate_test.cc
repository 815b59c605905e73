// Instantiation and linking through the public API, over a fake code engine: nothing here runs
// generated code (start functions aside, which the fake "runs" by doing nothing).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "runtime/module_impl.h"
#include "runtime_fake_code_engine.h"
#include "sable/sable.h"
#include "support/spectest_module.h"

namespace sable::test {
namespace {

Bytes emptyBody() { return funcBody(Bytes{op::End}); }

class InstantiateTest : public ::testing::Test {
 protected:
  FakeEngine fake;
  Store store{fake.engine};
  Linker linker;

  Result<Instance> instantiate(const Bytes& wasm) {
    return linker.instantiate(store, fake.compile(wasm));
  }
};

TEST_F(InstantiateTest, EmptyModule) {
  Result<Instance> inst = instantiate(ModuleParts{}.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  EXPECT_TRUE(inst->exports().empty());
}

TEST_F(InstantiateTest, ExportsEveryKind) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  p.funcs = {0};
  p.tables = {tableType(kFuncRef, limits(2, 5))};
  p.memories = {limits(1, 3)};
  p.globals = {global(kI64, kMut, expr(i64Const(-7)))};
  p.exports = {exportEntry("f", kExternFunc, 0), exportEntry("t", kExternTable, 0),
               exportEntry("m", kExternMemory, 0), exportEntry("g", kExternGlobal, 0)};
  p.bodies = {funcBody(localGet(0) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();

  ASSERT_EQ(inst->exports().size(), 4u);
  EXPECT_EQ(inst->exports()[0].name, "f");
  std::optional<Func> f = inst->getFunc("f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type().toString(), "(i32) -> (i32)");
  EXPECT_FALSE(inst->getFunc("t"));  // wrong kind
  EXPECT_FALSE(inst->getExport("nope"));

  std::optional<Table> t = inst->getTable("t");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->size(), 2u);
  EXPECT_TRUE(t->get(0)->isNullRef());
  EXPECT_EQ(t->get(2).error().kind, ErrorKind::Trap);

  std::optional<Memory> m = inst->getMemory("m");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->sizePages(), 1u);
  EXPECT_EQ(m->type().limits.max, 3u);
  EXPECT_EQ(m->data()[100], 0);

  std::optional<GlobalVar> g = inst->getGlobal("g");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->get(), Value::i64(-7));
  EXPECT_TRUE(g->set(Value::i64(5)).ok());
  EXPECT_EQ(g->get(), Value::i64(5));
  EXPECT_EQ(g->set(Value::i32(5)).error().kind, ErrorKind::Usage);
}

TEST_F(InstantiateTest, UnknownImport) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "missing", 0)};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("unknown import"), std::string::npos);
  EXPECT_NE(inst.error().message.find("\"env\".\"missing\""), std::string::npos);
}

TEST_F(InstantiateTest, FunctionImportTypeMustMatch) {
  Func host = Func::host(store, FuncType(std::vector<ValType>{ValType::I32}, {}),
                         [](auto, auto) -> Result<void> { return {}; });
  linker.define("env", "f", host);
  ModuleParts p;
  p.types = {funcType({kI64}, {})};
  p.imports = {importFunc("env", "f", 0)};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Unlinkable);
  EXPECT_NE(inst.error().message.find("incompatible import type"), std::string::npos);

  p.types = {funcType({kI32}, {})};
  EXPECT_TRUE(instantiate(p.build()).ok());
}

TEST_F(InstantiateTest, ImportKindMustMatch) {
  linker.define("env", "x", *GlobalVar::create(store, {ValType::I32, false}, Value::i32(1)));
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "x", 0)};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_FALSE(inst.ok());
  EXPECT_NE(inst.error().message.find("incompatible import type"), std::string::npos);
}

// Instance::create takes imports by position, so two imports under one name can differ,
// which no name-based Linker can satisfy (the WebAssembly C API instantiates this way).
TEST_F(InstantiateTest, CreateTakesImportsByPosition) {
  ModuleParts p;
  p.imports = {importGlobal("env", "g", kI32, kConst), importGlobal("env", "g", kI64, kConst)};
  p.globals = {global(kI64, kConst, expr(globalGet(1)))};
  p.exports = {exportEntry("second", kExternGlobal, 2)};
  Module module = fake.compile(p.build());
  GlobalVar a = *GlobalVar::create(store, {ValType::I32, false}, Value::i32(7));
  GlobalVar b = *GlobalVar::create(store, {ValType::I64, false}, Value::i64(-9));

  const Extern inOrder[] = {a, b};
  Result<Instance> inst = Instance::create(store, module, inOrder);
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  EXPECT_EQ(inst->getGlobal("second")->get(), Value::i64(-9));

  const Extern swapped[] = {b, a};
  EXPECT_EQ(Instance::create(store, module, swapped).error().kind, ErrorKind::Unlinkable);
  const Extern tooFew[] = {a};
  EXPECT_EQ(Instance::create(store, module, tooFew).error().kind, ErrorKind::Usage);
}

TEST_F(InstantiateTest, GlobalImportTypeAndMutabilityMustMatchExactly) {
  linker.define("env", "c", *GlobalVar::create(store, {ValType::I32, false}, Value::i32(1)));
  linker.define("env", "v", *GlobalVar::create(store, {ValType::I32, true}, Value::i32(1)));
  auto importing = [](const char* name, uint8_t type, uint8_t mut) {
    ModuleParts p;
    p.imports = {importGlobal("env", name, type, mut)};
    return p.build();
  };
  EXPECT_TRUE(instantiate(importing("c", kI32, kConst)).ok());
  EXPECT_TRUE(instantiate(importing("v", kI32, kMut)).ok());
  EXPECT_EQ(instantiate(importing("c", kI32, kMut)).error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(instantiate(importing("v", kI32, kConst)).error().kind, ErrorKind::Unlinkable);
  EXPECT_EQ(instantiate(importing("c", kI64, kConst)).error().kind, ErrorKind::Unlinkable);
}

TEST_F(InstantiateTest, MemoryImportLimitsSubtyping) {
  linker.define("env", "m", *Memory::create(store, MemoryType{Limits{2, 4, true}}));
  linker.define("env", "unbounded", *Memory::create(store, MemoryType{Limits{1, 0, false}}));
  auto importing = [](const char* name, const Bytes& lim) {
    ModuleParts p;
    p.imports = {importMemory("env", name, lim)};
    return p.build();
  };
  EXPECT_TRUE(instantiate(importing("m", limits(1))).ok());
  EXPECT_TRUE(instantiate(importing("m", limits(2, 4))).ok());
  EXPECT_TRUE(instantiate(importing("m", limits(0, 5))).ok());
  EXPECT_FALSE(instantiate(importing("m", limits(3))).ok());              // min too large
  EXPECT_FALSE(instantiate(importing("m", limits(1, 3))).ok());           // max too small
  EXPECT_FALSE(instantiate(importing("unbounded", limits(1, 10))).ok());  // no max
  EXPECT_TRUE(instantiate(importing("unbounded", limits(1))).ok());

  // The current size counts, not the declared minimum.
  ASSERT_TRUE(linker.get("env", "m")->memory()->grow(1).ok());
  EXPECT_TRUE(instantiate(importing("m", limits(3))).ok());
}

TEST_F(InstantiateTest, TableImportLimitsAndElementType) {
  linker.define("env", "t",
                *Table::create(store, TableType{ValType::FuncRef, Limits{10, 20, true}},
                               Value::nullRef(ValType::FuncRef)));
  auto importing = [](uint8_t elemType, const Bytes& lim) {
    ModuleParts p;
    p.imports = {importTable("env", "t", elemType, lim)};
    return p.build();
  };
  EXPECT_TRUE(instantiate(importing(kFuncRef, limits(10, 20))).ok());
  EXPECT_TRUE(instantiate(importing(kFuncRef, limits(5))).ok());
  EXPECT_FALSE(instantiate(importing(kFuncRef, limits(11))).ok());
  EXPECT_FALSE(instantiate(importing(kFuncRef, limits(10, 15))).ok());
  EXPECT_FALSE(instantiate(importing(kExternRef, limits(10))).ok());
}

TEST_F(InstantiateTest, GlobalInitialisersReadImportsAndRefFunc) {
  linker.define("env", "base", *GlobalVar::create(store, {ValType::I32, false}, Value::i32(40)));
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importGlobal("env", "base", kI32, kConst)};
  p.funcs = {0};
  p.globals = {global(kI32, kConst, expr(globalGet(0))),
               global(kF32, kConst, expr(f32Const(1.5f))),
               global(kF64, kMut, expr(f64Const(-2.25))),
               global(kFuncRef, kConst, expr(refFunc(0))),
               global(kExternRef, kConst, expr(refNull(kExternRef))),
               global(kV128, kConst, expr(v128Const(0xAB)))};
  p.exports = {exportEntry("copy", kExternGlobal, 1), exportEntry("f32", kExternGlobal, 2),
               exportEntry("f64", kExternGlobal, 3),  exportEntry("fn", kExternGlobal, 4),
               exportEntry("ext", kExternGlobal, 5),  exportEntry("v", kExternGlobal, 6),
               exportEntry("func", kExternFunc, 0)};
  p.bodies = {emptyBody()};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  EXPECT_EQ(inst->getGlobal("copy")->get(), Value::i32(40));
  EXPECT_EQ(inst->getGlobal("f32")->get(), Value::f32(1.5f));
  EXPECT_EQ(inst->getGlobal("f64")->get(), Value::f64(-2.25));
  std::optional<Func> fromGlobal = inst->getGlobal("fn")->get().asFuncref();
  ASSERT_TRUE(fromGlobal);
  EXPECT_EQ(*fromGlobal, *inst->getFunc("func"));  // one identity per function
  EXPECT_TRUE(inst->getGlobal("ext")->get().isNullRef());
  V128 expected;
  expected.fill(0xAB);
  EXPECT_EQ(inst->getGlobal("v")->get().asV128(), expected);
  EXPECT_EQ(inst->getGlobal("copy")->set(Value::i32(1)).error().kind, ErrorKind::Usage);
}

TEST_F(InstantiateTest, ActiveSegmentsAreApplied) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0, 0};
  p.tables = {tableType(kFuncRef, limits(4))};
  p.memories = {limits(1)};
  p.exports = {exportEntry("t", kExternTable, 0), exportEntry("m", kExternMemory, 0),
               exportEntry("f0", kExternFunc, 0), exportEntry("f1", kExternFunc, 1)};
  p.elems = {elemActive(1, {1, 0}), elemPassive({0}), elemDeclarative({1})};
  p.bodies = {emptyBody(), emptyBody()};
  p.data = {dataActive(expr(i32Const(10)), {1, 2, 3}), dataPassive({9}),
            dataActive(expr(i32Const(11)), {7})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Table t = *inst->getTable("t");
  EXPECT_TRUE(t.get(0)->isNullRef());
  EXPECT_EQ(t.get(1)->asFuncref(), inst->getFunc("f1"));
  EXPECT_EQ(t.get(2)->asFuncref(), inst->getFunc("f0"));
  EXPECT_TRUE(t.get(3)->isNullRef());
  std::span<uint8_t> mem = inst->getMemory("m")->data();
  EXPECT_EQ(mem[10], 1);
  EXPECT_EQ(mem[11], 7);  // later segments overwrite earlier ones
  EXPECT_EQ(mem[12], 3);
}

TEST_F(InstantiateTest, OutOfBoundsSegmentTrapsAndKeepsEarlierWrites) {
  // The linking.wast scenario: the first segments write into an imported memory and table,
  // a later one is out of bounds; instantiation fails but the writes stay.
  Memory memory = *Memory::create(store, MemoryType{Limits{1, 0, false}});
  Table table = *Table::create(store, TableType{ValType::FuncRef, Limits{3, 0, false}},
                               Value::nullRef(ValType::FuncRef));
  linker.define("env", "mem", memory);
  linker.define("env", "tab", table);

  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importMemory("env", "mem", limits(1)),
               importTable("env", "tab", kFuncRef, limits(3))};
  p.funcs = {0};
  p.elems = {elemActive(0, {0})};
  p.bodies = {emptyBody()};
  p.data = {dataActive(expr(i32Const(0)), {0xAA}),
            dataActive(expr(i32Const(65536)), {1})};  // one byte past the end
  Result<Instance> inst = instantiate(p.build());
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Trap);
  EXPECT_EQ(inst.error().message, "out of bounds memory access");
  ASSERT_TRUE(store.lastTrap());
  EXPECT_EQ(store.lastTrap()->kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(memory.data()[0], 0xAA);
  // The failed instance's function stays usable through the table.
  std::optional<Func> f = table.get(0)->asFuncref();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type().toString(), "() -> ()");
}

TEST_F(InstantiateTest, OutOfBoundsElementSegmentTrapsBeforeData) {
  Memory memory = *Memory::create(store, MemoryType{Limits{1, 0, false}});
  linker.define("env", "mem", memory);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importMemory("env", "mem", limits(1))};
  p.funcs = {0};
  p.tables = {tableType(kFuncRef, limits(1))};
  p.elems = {elemActive(1, {0})};  // offset 1 + 1 item > size 1
  p.bodies = {emptyBody()};
  p.data = {dataActive(expr(i32Const(0)), {0x55})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Trap);
  EXPECT_EQ(inst.error().message, "out of bounds table access");
  EXPECT_EQ(memory.data()[0], 0);  // data segments come after element segments
}

TEST_F(InstantiateTest, EmptySegmentAtEndIsInBoundsButPastEndTraps) {
  ModuleParts p;
  p.memories = {limits(1)};
  p.data = {dataActive(expr(i32Const(65536)), {})};
  EXPECT_TRUE(instantiate(p.build()).ok());
  p.data = {dataActive(expr(i32Const(65537)), {})};
  EXPECT_EQ(instantiate(p.build()).error().kind, ErrorKind::Trap);
}

TEST_F(InstantiateTest, StartFunctionRuns) {
  int entered = 0;
  *fake.onEnter = [&](vm::VMContext*, const void*, uint64_t*, uint32_t) {
    ++entered;
    return vm::TrapCode::None;
  };
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.start = 0;
  p.bodies = {emptyBody()};
  ASSERT_TRUE(instantiate(p.build()).ok());
  EXPECT_EQ(entered, 1);

  *fake.onEnter = [&](vm::VMContext* ctx, const void* code, uint64_t*, uint32_t) {
    ctx->builtins->recordTrap(ctx, static_cast<uint32_t>(vm::TrapCode::Unreachable),
                              reinterpret_cast<uintptr_t>(code), 0);
    return vm::TrapCode::Unreachable;
  };
  Result<Instance> failed = instantiate(p.build());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::Trap);
  EXPECT_EQ(failed.error().message.rfind("unreachable", 0), 0u);
}

TEST_F(InstantiateTest, RegisteredInstanceSatisfiesImports) {
  ModuleParts exporter;
  exporter.types = {funcType({}, {kI32})};
  exporter.funcs = {0};
  exporter.memories = {limits(1)};
  exporter.globals = {global(kI32, kMut, expr(i32Const(3)))};
  exporter.exports = {exportEntry("f", kExternFunc, 0), exportEntry("m", kExternMemory, 0),
                      exportEntry("g", kExternGlobal, 0)};
  exporter.bodies = {funcBody(i32Const(1) + Bytes{op::End})};
  Result<Instance> first = instantiate(exporter.build());
  ASSERT_TRUE(first.ok());
  linker.defineInstance("M", *first);

  ModuleParts importer;
  importer.types = {funcType({}, {kI32})};
  importer.imports = {importFunc("M", "f", 0), importMemory("M", "m", limits(1)),
                      importGlobal("M", "g", kI32, kMut)};
  importer.exports = {exportEntry("f", kExternFunc, 0), exportEntry("m", kExternMemory, 0),
                      exportEntry("g", kExternGlobal, 0)};
  importer.data = {dataActive(expr(i32Const(0)), {42})};
  Result<Instance> second = instantiate(importer.build());
  ASSERT_TRUE(second.ok()) << second.error().toString();
  // Re-exports are the same objects.
  EXPECT_EQ(*second->getFunc("f"), *first->getFunc("f"));
  EXPECT_EQ(*second->getMemory("m"), *first->getMemory("m"));
  EXPECT_EQ(first->getMemory("m")->data()[0], 42);
  ASSERT_TRUE(second->getGlobal("g")->set(Value::i32(9)).ok());
  EXPECT_EQ(first->getGlobal("g")->get(), Value::i32(9));
}

TEST_F(InstantiateTest, HandlesFromAnotherStoreAreRejected) {
  Store other(fake.engine);
  linker.define("env", "f",
                Func::host(other, FuncType(), [](auto, auto) -> Result<void> { return {}; }));
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "f", 0)};
  EXPECT_FALSE(instantiate(p.build()).ok());
}

TEST_F(InstantiateTest, ModuleOfAnotherEngineIsRejected) {
  FakeEngine otherEngine;
  Module m = otherEngine.compile(ModuleParts{}.build());
  Result<Instance> inst = linker.instantiate(store, m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, ErrorKind::Usage);
}

TEST_F(InstantiateTest, SpectestModule) {
  std::vector<std::string> printed;
  ASSERT_TRUE(defineSpectest(linker, store, [&](const std::string& line) {
                printed.push_back(line);
              }).ok());
  EXPECT_EQ(linker.get("spectest", "global_i32")->global()->get(), Value::i32(666));
  EXPECT_EQ(linker.get("spectest", "global_i64")->global()->get(), Value::i64(666));
  EXPECT_EQ(linker.get("spectest", "global_f32")->global()->get(), Value::f32(666.6f));
  EXPECT_EQ(linker.get("spectest", "global_f64")->global()->get(), Value::f64(666.6));
  TableType tt = linker.get("spectest", "table")->table()->type();
  EXPECT_EQ(tt.elemType, ValType::FuncRef);
  EXPECT_EQ(tt.limits.min, 10u);
  EXPECT_EQ(tt.limits.max, 20u);
  MemoryType mt = linker.get("spectest", "memory")->memory()->type();
  EXPECT_EQ(mt.limits.min, 1u);
  EXPECT_EQ(mt.limits.max, 2u);
  for (const char* name : {"print", "print_i32", "print_i64", "print_f32", "print_f64",
                           "print_i32_f32", "print_f64_f64"}) {
    EXPECT_TRUE(linker.get("spectest", name) && linker.get("spectest", name)->func()) << name;
  }
  Func printI32 = *linker.get("spectest", "print_i32")->func();
  std::vector<Value> args = {Value::i32(7)};
  ASSERT_TRUE(printI32.call(store, args).ok());
  ASSERT_EQ(printed.size(), 1u);
  EXPECT_EQ(printed[0], "7 : i32");

  // A module importing the lot, as the spec scripts do.
  ModuleParts p;
  p.types = {funcType({kI32}, {}), funcType({kF64, kF64}, {})};
  p.imports = {importFunc("spectest", "print_i32", 0),
               importFunc("spectest", "print_f64_f64", 1),
               importGlobal("spectest", "global_i32", kI32, kConst),
               importGlobal("spectest", "global_f64", kF64, kConst),
               importTable("spectest", "table", kFuncRef, limits(10)),
               importMemory("spectest", "memory", limits(1, 2))};
  Result<Instance> inst = instantiate(p.build());
  EXPECT_TRUE(inst.ok()) << inst.error().toString();
}

TEST(EngineWithoutCodeGenerator, ValidatesButCannotInstantiateFunctions) {
  Engine engine = ApiAccess::makeEngine(EngineConfig{}, nullptr);
  EXPECT_TRUE(engine.codeEngineError());
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.bodies = {emptyBody()};
  Bytes wasm = p.build();
  Result<Module> m = Module::compile(engine, wasm);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(ApiAccess::impl(*m).compiled, nullptr);
  Store store(engine);
  Linker linker;
  EXPECT_EQ(linker.instantiate(store, *m).error().kind, ErrorKind::Usage);

  ModuleParts bad = p;
  bad.bodies = {funcBody(i32Const(1) + Bytes{op::End})};  // leaves a value on the stack
  Bytes badWasm = bad.build();
  EXPECT_EQ(Module::compile(engine, badWasm).error().kind, ErrorKind::Invalid);
}

}  // namespace
}  // namespace sable::test
