// End-to-end through the real JIT: compile, instantiate, call, trap, host calls, builtins.
#include <gtest/gtest.h>

#include "sable/sable.h"
#include "support/spectest_module.h"
#include "wasm_builder.h"

namespace sable::test {
namespace {

class RuntimeJitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Engine> e = Engine::create();
    ASSERT_TRUE(e.ok()) << e.error().toString();
    engine = *e;
    store.emplace(*engine);
  }

  Result<Instance> instantiate(const Bytes& wasm) {
    Result<Module> m = Module::compile(*engine, std::span<const uint8_t>(wasm.data(), wasm.size()));
    if (!m) return m.error();
    return linker.instantiate(*store, *m);
  }

  Result<std::vector<Value>> invoke(const Instance& inst, const char* name,
                                    std::vector<Value> args = {}) {
    std::optional<Func> f = inst.getFunc(name);
    if (!f) return Error{ErrorKind::Usage, Error::kNoOffset, "no export"};
    return f->call(*store, args);
  }

  std::optional<Engine> engine;
  std::optional<Store> store;
  Linker linker;
};

TEST_F(RuntimeJitTest, AddsIntegers) {
  ModuleParts p;
  p.types = {funcType({kI32, kI32}, {kI32})};
  p.funcs = {0};
  p.exports = {exportEntry("add", kExternFunc, 0)};
  p.bodies = {funcBody(localGet(0) + localGet(1) + Bytes{op::I32Add, op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = invoke(*inst, "add", {Value::i32(40), Value::i32(2)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(42));
}

TEST_F(RuntimeJitTest, UnreachableTrapsWithBacktrace) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0, 0};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  p.bodies = {funcBody(Bytes{op::Unreachable, op::End}), funcBody(call(0) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = invoke(*inst, "run");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message.rfind("unreachable", 0), 0u) << r.error().message;
  ASSERT_TRUE(store->lastTrap());
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::Unreachable);
  ASSERT_GE(store->lastTrap()->frames.size(), 2u) << r.error().message;
  EXPECT_EQ(store->lastTrap()->frames[0].funcName, "<module>!func[0]");
  EXPECT_EQ(store->lastTrap()->frames[1].funcName, "<module>!func[1]");
  // And the store still works afterwards.
  EXPECT_FALSE(invoke(*inst, "run").ok());
}

TEST_F(RuntimeJitTest, CallsHostFunction) {
  Func twice = Func::host(
      *store, FuncType(std::vector<ValType>{ValType::I64}, std::vector<ValType>{ValType::I64}),
      [](std::span<const Value> args, std::span<Value> results) {
        results[0] = Value::i64(args[0].asI64() * 2);
        return Result<void>();
      });
  linker.define("env", "twice", twice);
  ModuleParts p;
  p.types = {funcType({kI64}, {kI64})};
  p.imports = {importFunc("env", "twice", 0)};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  p.bodies = {funcBody(localGet(0) + call(0) + i64Const(1) + Bytes{op::I64Add, op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = invoke(*inst, "run", {Value::i64(20)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i64(41));
}

TEST_F(RuntimeJitTest, HostErrorPropagates) {
  Func fail = Func::host(*store, FuncType(), [](auto, auto) -> Result<void> {
    return Error{ErrorKind::Io, Error::kNoOffset, "nope"};
  });
  linker.define("env", "fail", fail);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "fail", 0)};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  p.bodies = {funcBody(call(0) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = invoke(*inst, "run");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Io);
  EXPECT_EQ(r.error().message.rfind("nope", 0), 0u) << r.error().message;
  ASSERT_TRUE(store->lastTrap());
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::HostError);
}

TEST_F(RuntimeJitTest, MemoryGrowAndOutOfBounds) {
  ModuleParts p;
  p.types = {funcType({kI32}, {kI32})};
  p.funcs = {0, 0};
  p.memories = {limits(1, 3)};
  p.exports = {exportEntry("grow", kExternFunc, 0), exportEntry("load", kExternFunc, 1),
               exportEntry("mem", kExternMemory, 0)};
  p.bodies = {funcBody(localGet(0) + Bytes{op::MemoryGrow, 0x00, op::End}),
              funcBody(localGet(0) + mem(op::I32Load, 2) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  inst->getMemory("mem")->data()[65536 - 4] = 7;
  Result<std::vector<Value>> r = invoke(*inst, "load", {Value::i32(65536 - 4)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(7));
  r = invoke(*inst, "load", {Value::i32(65536 - 3)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("out of bounds memory access", 0), 0u) << r.error().message;

  r = invoke(*inst, "grow", {Value::i32(1)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(1));
  r = invoke(*inst, "grow", {Value::i32(5)});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], Value::i32(-1));
  r = invoke(*inst, "load", {Value::i32(65536)});
  EXPECT_TRUE(r.ok());
}

// One function of over 1 MiB of machine code, with a conditional branch forward across all of
// it, a loop branching back across all of it, and a division whose trap check sits at the start
// and whose trap path at the end. AArch64's conditional branches reach only +-1 MiB: this used
// to be miscompiled there (the assembler's out-of-range error was dropped).
TEST_F(RuntimeJitTest, BranchesSpanMoreThanOneMebibyteOfCode) {
  constexpr uint32_t kStores = 150'000;  // about 8 bytes of code each on either ISA
  constexpr uint8_t kI32DivU = 0x6E, kI32LtU = 0x49;
  Bytes code = i32Const(4) + i32Const(1000) + localGet(1) + Bytes{kI32DivU} + mem(op::I32Store, 2) +
               block() + localGet(0) + brIf(0) + loop();
  for (uint32_t k = 0; k < kStores; ++k) {
    code += i32Const(0) + i32Const(static_cast<int32_t>(k % 500 + 1)) + mem(op::I32Store, 2);
  }
  code += localGet(2) + i32Const(1) + Bytes{op::I32Add} + localTee(2) + i32Const(3) +
          Bytes{kI32LtU} + brIf(0) + Bytes{op::End, op::End};
  // count * 1000 + mem[0] + mem[4] * 1000000
  code += localGet(2) + i32Const(1000) + Bytes{op::I32Mul} + i32Const(0) + mem(op::I32Load, 2) +
          Bytes{op::I32Add} + i32Const(4) + mem(op::I32Load, 2) + i32Const(1000000) +
          Bytes{op::I32Mul, op::I32Add, op::End};
  ModuleParts p;
  p.types = {funcType({kI32, kI32}, {kI32})};
  p.funcs = {0};
  p.memories = {limits(1)};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {funcBody({{1, kI32}}, code)};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();

  // Skips the loop: the forward branch.
  Result<std::vector<Value>> r = invoke(*inst, "run", {Value::i32(1), Value::i32(1)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(1000 * 1000000));
  // Runs the loop three times: the backward branch.
  constexpr int32_t kLastStored = (kStores - 1) % 500 + 1;
  r = invoke(*inst, "run", {Value::i32(0), Value::i32(10)});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i32(3000 + kLastStored + 100 * 1000000));
  // The division's trap path.
  r = invoke(*inst, "run", {Value::i32(0), Value::i32(0)});
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(store->lastTrap());
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::IntegerDivideByZero);
}

TEST_F(RuntimeJitTest, DeepRecursionExhaustsStack) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {funcBody(call(0) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  Result<std::vector<Value>> r = invoke(*inst, "run");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("call stack exhausted", 0), 0u);
  EXPECT_EQ(store->lastTrap()->kind, TrapKind::CallStackExhausted);
}

TEST_F(RuntimeJitTest, SpectestPrintFromWasm) {
  ASSERT_TRUE(defineSpectest(linker, *store).ok());
  ModuleParts p;
  p.types = {funcType({kI32}, {}), funcType({}, {})};
  p.imports = {importFunc("spectest", "print_i32", 0)};
  p.funcs = {1};
  p.exports = {exportEntry("run", kExternFunc, 1)};
  p.bodies = {funcBody(i32Const(5) + call(0) + Bytes{op::End})};
  Result<Instance> inst = instantiate(p.build());
  ASSERT_TRUE(inst.ok()) << inst.error().toString();
  EXPECT_TRUE(invoke(*inst, "run").ok());
}

}  // namespace
}  // namespace sable::test
