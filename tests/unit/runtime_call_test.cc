// Func::call, host functions, traps and nesting, over a fake code engine whose enter() each
// test scripts to act like generated code would (reading arguments, writing results, calling
// host functions through their HostCallContext, recording traps with a frame chain).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "runtime/engine_impl.h"
#include "runtime/stack_bounds.h"
#include "runtime/store_objects.h"
#include "runtime_fake_code_engine.h"
#include "sable/sable.h"

namespace sable::test {
namespace {

Bytes emptyBody() { return funcBody(Bytes{op::End}); }

// A `name` custom section payload: module name, then function names.
Bytes nameSection(std::string_view moduleName,
                  const std::vector<std::pair<uint32_t, std::string>>& functions) {
  Bytes moduleSub = name(moduleName);
  std::vector<Bytes> entries;
  for (const auto& [index, fname] : functions) entries.push_back(u32(index) + name(fname));
  Bytes funcSub = vec(entries);
  return Bytes{0x00} + u32(static_cast<uint32_t>(moduleSub.size())) + moduleSub + Bytes{0x01} +
         u32(static_cast<uint32_t>(funcSub.size())) + funcSub;
}

// Calls a host function the way the host-call stub would: the argument area sits right above a
// frame record {caller's frame pointer, return address} (abi/host_call_context.h), which the
// runtime reads to find the calling instance. No wasm code calls here, so both are 0.
template <size_t N>
vm::TrapCode callHost(const vm::FuncRef* ref, uint64_t (&area)[N]) {
  uint64_t frame[2 + N] = {};
  std::copy(area, area + N, frame + 2);
  auto* host = reinterpret_cast<vm::HostCallContext*>(ref->vmctx);
  const auto code = static_cast<vm::TrapCode>(host->dispatch(host, frame + 2));
  std::copy(frame + 2, frame + 2 + N, area);
  return code;
}

vm::TrapCode trap(vm::VMContext* ctx, vm::TrapCode code, uintptr_t pc, uintptr_t fp) {
  ctx->builtins->recordTrap(ctx, static_cast<uint32_t>(code), pc, fp);
  return code;
}

class CallTest : public ::testing::Test {
 protected:
  FakeEngine fake;
  Store store{fake.engine};
  Linker linker;

  Instance instantiate(const Bytes& wasm) {
    Result<Instance> inst = linker.instantiate(store, fake.compile(wasm));
    EXPECT_TRUE(inst.ok()) << inst.error().toString();
    return *inst;
  }
};

TEST_F(CallTest, MarshalsArgumentsAndResults) {
  ModuleParts p;
  p.types = {funcType({kI32, kI64, kF32, kF64, kV128}, {kF64, kI32, kV128})};
  p.funcs = {0};
  p.exports = {exportEntry("f", kExternFunc, 0)};
  p.bodies = {funcBody(Bytes{op::F64Const, 0, 0, 0, 0, 0, 0, 0, 0} + i32Const(0) + v128Const() +
                       Bytes{op::End})};
  Instance inst = instantiate(p.build());
  const void* expectedCode = nullptr;
  *fake.onEnter = [&](vm::VMContext* ctx, const void* code, uint64_t* area, uint32_t slots) {
    expectedCode = code;
    EXPECT_EQ(ctx->instance, ApiAccess::object(inst));
    EXPECT_EQ(slots, 10u);  // 6 parameter slots + 4 result slots
    EXPECT_EQ(static_cast<uint32_t>(area[0]), 0xFFFFFFFEu);
    EXPECT_EQ(area[1], 0x123456789ull);
    EXPECT_EQ(static_cast<uint32_t>(area[2]), 0x7FA00001u);  // signalling NaN payload intact
    EXPECT_EQ(area[3], 0xFFF0000000000001ull);
    EXPECT_EQ(area[4], 0x0706050403020100ull);
    EXPECT_EQ(area[5], 0x0F0E0D0C0B0A0908ull);
    area[6] = 0x7FF4000000000001ull;
    area[7] = 0xFFFFFFFF00000005ull;  // garbage in the upper half must be ignored
    area[8] = 1;
    area[9] = 2;
    return vm::TrapCode::None;
  };
  V128 v;
  for (int i = 0; i < 16; ++i) v[i] = static_cast<uint8_t>(i);
  std::vector<Value> args = {Value::i32(-2), Value::i64(0x123456789), Value::f32Bits(0x7FA00001),
                             Value::f64Bits(0xFFF0000000000001ull), Value::v128(v)};
  Result<std::vector<Value>> r = inst.getFunc("f")->call(store, args);
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ(expectedCode, ApiAccess::object(*inst.getFunc("f"))->ref.code);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0], Value::f64Bits(0x7FF4000000000001ull));
  EXPECT_EQ((*r)[1], Value::i32(5));
  EXPECT_EQ((*r)[2], Value::fromBits(ValType::V128, 1, 2));
  EXPECT_FALSE(store.lastTrap());
}

TEST_F(CallTest, ChecksArguments) {
  ModuleParts p;
  p.types = {funcType({kI32}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("f", kExternFunc, 0)};
  p.bodies = {emptyBody()};
  Func f = *instantiate(p.build()).getFunc("f");
  std::vector<Value> none;
  std::vector<Value> wrongType = {Value::i64(1)};
  EXPECT_EQ(f.call(store, none).error().kind, ErrorKind::Usage);
  EXPECT_EQ(f.call(store, wrongType).error().kind, ErrorKind::Usage);
  Store other(fake.engine);
  std::vector<Value> ok = {Value::i32(1)};
  EXPECT_EQ(f.call(other, ok).error().kind, ErrorKind::Usage);
  EXPECT_TRUE(f.call(store, ok).ok());
}

TEST_F(CallTest, ReferencesRoundTrip) {
  ModuleParts p;
  p.types = {funcType({kFuncRef, kExternRef}, {kFuncRef, kExternRef})};
  p.funcs = {0};
  p.exports = {exportEntry("f", kExternFunc, 0)};
  p.bodies = {funcBody(localGet(0) + localGet(1) + Bytes{op::End})};
  Instance inst = instantiate(p.build());
  Func f = *inst.getFunc("f");
  *fake.onEnter = [&](vm::VMContext*, const void*, uint64_t* area, uint32_t) {
    // A funcref travels as the function's canonical FuncRef*.
    EXPECT_EQ(reinterpret_cast<const vm::FuncRef*>(area[0]), &ApiAccess::object(f)->ref);
    area[2] = area[0];
    area[3] = area[1];
    return vm::TrapCode::None;
  };
  int hostObject = 0;
  std::vector<Value> args = {Value::funcref(f), Value::externref(&hostObject)};
  Result<std::vector<Value>> r = f.call(store, args);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].asFuncref(), f);
  EXPECT_EQ((*r)[1].asExternref(), &hostObject);

  *fake.onEnter = [&](vm::VMContext*, const void*, uint64_t* area, uint32_t) {
    area[2] = 0;
    area[3] = 0;
    return vm::TrapCode::None;
  };
  r = f.call(store, args);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[0].isNullRef());
  EXPECT_TRUE((*r)[1].isNullRef());
}

TEST_F(CallTest, TrapCarriesMessageAndBacktrace) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0, 0, 0};
  p.exports = {exportEntry("run", kExternFunc, 2)};
  p.bodies = {emptyBody(), emptyBody(), emptyBody()};
  Bytes wasm = ModuleBytes()
                   .typeSection(p.types)
                   .functionSection(p.funcs)
                   .exportSection(p.exports)
                   .codeSection(p.bodies)
                   .customSection("name", nameSection("mod", {{0, "outer"}, {1, "inner"}}))
                   .bytes();
  Instance inst = instantiate(wasm);
  const jit::CompiledModule& code = *ApiAccess::impl(inst.module()).compiled;
  auto at = [&](uint32_t f) { return reinterpret_cast<uintptr_t>(code.entry(f)); };

  // inner (trapping) <- outer <- func 2 <- entry trampoline (C++).
  uintptr_t frames[6];
  frames[0] = reinterpret_cast<uintptr_t>(&frames[2]);
  frames[1] = at(0) + 1;  // return address just past a call in outer
  frames[2] = reinterpret_cast<uintptr_t>(&frames[4]);
  frames[3] = at(2) + 1;
  frames[4] = reinterpret_cast<uintptr_t>(&frames[4]) + 64;
  frames[5] = reinterpret_cast<uintptr_t>(&callHost<1>);  // not wasm: the walk ends
  *fake.onEnter = [&](vm::VMContext* ctx, const void*, uint64_t*, uint32_t) {
    return trap(ctx, vm::TrapCode::MemoryOutOfBounds, at(1),
                reinterpret_cast<uintptr_t>(&frames[0]));
  };
  Result<std::vector<Value>> r = inst.getFunc("run")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message,
            "out of bounds memory access\nwasm backtrace:\n  #0 inner\n  #1 outer\n"
            "  #2 mod!func[2]");
  ASSERT_TRUE(store.lastTrap());
  const Trap& t = *store.lastTrap();
  EXPECT_EQ(t.kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(t.message, "out of bounds memory access");
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_EQ(t.frames[0].funcIndex, 1u);
  EXPECT_EQ(t.frames[0].moduleName, "mod");
  EXPECT_EQ(t.frames[2].funcName, "mod!func[2]");

  // A later successful call clears it.
  *fake.onEnter = nullptr;
  EXPECT_TRUE(inst.getFunc("run")->call(store, {}).ok());
  EXPECT_FALSE(store.lastTrap());
}

TEST_F(CallTest, UnnamedModuleBacktraceAndBadFramePointer) {
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.funcs = {0};
  p.exports = {exportEntry("run", kExternFunc, 0)};
  p.bodies = {emptyBody()};
  Instance inst = instantiate(p.build());
  const void* entry = ApiAccess::impl(inst.module()).compiled->entry(0);
  *fake.onEnter = [&](vm::VMContext* ctx, const void*, uint64_t*, uint32_t) {
    return trap(ctx, vm::TrapCode::Unreachable, reinterpret_cast<uintptr_t>(entry), 8);
  };
  Result<std::vector<Value>> r = inst.getFunc("run")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unreachable\nwasm backtrace:\n  #0 <module>!func[0]");
}

TEST_F(CallTest, HostFunctionCalledFromWasm) {
  std::vector<Value> seen;
  Func add = Func::host(store,
                        FuncType(std::vector<ValType>{ValType::I32, ValType::F64},
                                 std::vector<ValType>{ValType::I64}),
                        [&](std::span<const Value> args, std::span<Value> results) {
                          seen.assign(args.begin(), args.end());
                          results[0] = Value::i64(args[0].asI32() + 100);
                          return Result<void>();
                        });
  linker.define("env", "add", add);
  ModuleParts p;
  p.types = {funcType({kI32, kF64}, {kI64}), funcType({}, {kI64})};
  p.imports = {importFunc("env", "add", 0)};
  p.funcs = {1};
  p.exports = {exportEntry("run", kExternFunc, 1), exportEntry("add", kExternFunc, 0)};
  p.bodies = {funcBody(i32Const(1) + f64Const(2.5) + call(0) + Bytes{op::End})};
  Instance inst = instantiate(p.build());
  EXPECT_EQ(*inst.getFunc("add"), add);  // re-exported import keeps its identity

  *fake.onEnter = [&](vm::VMContext* ctx, const void*, uint64_t* area, uint32_t) {
    const vm::FuncRef* callee = ctx->functions[0];
    EXPECT_EQ(callee, &ApiAccess::object(add)->ref);
    EXPECT_EQ(callee->code, ApiAccess::impl(fake.engine).codeEngine->hostCallStub());
    EXPECT_EQ(callee->sigId, ctx->sigIds[0]);
    uint64_t hostArea[3] = {5, std::bit_cast<uint64_t>(2.5), 0};
    vm::TrapCode code = callHost(callee, hostArea);
    area[0] = hostArea[2];
    return code;
  };
  Result<std::vector<Value>> r = inst.getFunc("run")->call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_EQ((*r)[0], Value::i64(105));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], Value::i32(5));
  EXPECT_EQ(seen[1], Value::f64(2.5));

  // Called from the host directly, no stub involved.
  std::vector<Value> args = {Value::i32(1), Value::f64(0)};
  Result<std::vector<Value>> direct = add.call(store, args);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ((*direct)[0], Value::i64(101));
}

TEST_F(CallTest, HostErrorBecomesTrapWithHostMessage) {
  Func failing = Func::host(store, FuncType(), [](auto, auto) -> Result<void> {
    return Error{ErrorKind::Io, Error::kNoOffset, "disk on fire"};
  });
  Func throwing = Func::host(store, FuncType(),
                             [](auto, auto) -> Result<void> { throw std::runtime_error("boom"); });
  Func wrongResult = Func::host(store, FuncType({}, std::vector<ValType>{ValType::I32}),
                                [](auto, std::span<Value> results) -> Result<void> {
                                  results[0] = Value::f32(1);
                                  return {};
                                });
  linker.define("env", "failing", failing);
  linker.define("env", "throwing", throwing);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "failing", 0), importFunc("env", "throwing", 0)};
  p.funcs = {0, 0};
  p.exports = {exportEntry("a", kExternFunc, 2), exportEntry("b", kExternFunc, 3)};
  p.bodies = {funcBody(call(0) + Bytes{op::End}), funcBody(call(1) + Bytes{op::End})};
  Instance inst = instantiate(p.build());
  uint32_t which = 0;
  *fake.onEnter = [&](vm::VMContext* ctx, const void*, uint64_t*, uint32_t) {
    uint64_t area[1] = {0};
    vm::TrapCode code = callHost(ctx->functions[which], area);
    if (code != vm::TrapCode::None) return trap(ctx, code, 0, 0);
    return code;
  };
  Result<std::vector<Value>> r = inst.getFunc("a")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Io);
  EXPECT_EQ(r.error().message, "disk on fire");
  ASSERT_TRUE(store.lastTrap());
  EXPECT_EQ(store.lastTrap()->kind, TrapKind::HostError);
  EXPECT_EQ(store.lastTrap()->message, "disk on fire");

  which = 1;
  r = inst.getFunc("b")->call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_NE(r.error().message.find("boom"), std::string::npos);

  Result<std::vector<Value>> direct = wrongResult.call(store, {});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().kind, ErrorKind::Usage);
}

TEST_F(CallTest, NestedEntryRestoresActivation) {
  std::optional<Func> inner;
  bool innerTrapSeen = false;
  Func reenter = Func::host(store, FuncType(), [&](auto, auto) -> Result<void> {
    Result<std::vector<Value>> r = inner->call(store, {});
    innerTrapSeen = !r.ok() && r.error().kind == ErrorKind::Trap;
    return {};  // swallow the inner trap
  });
  linker.define("env", "reenter", reenter);
  ModuleParts p;
  p.types = {funcType({}, {})};
  p.imports = {importFunc("env", "reenter", 0)};
  p.funcs = {0, 0};
  p.exports = {exportEntry("outer", kExternFunc, 1), exportEntry("inner", kExternFunc, 2)};
  p.bodies = {funcBody(call(0) + Bytes{op::End}), funcBody(Bytes{op::Unreachable, op::End})};
  Instance inst = instantiate(p.build());
  inner = *inst.getFunc("inner");
  const void* innerCode = ApiAccess::object(*inner)->ref.code;

  uintptr_t outerLimit = 0;
  int depth = 0;
  *fake.onEnter = [&](vm::VMContext* ctx, const void* code, uint64_t*, uint32_t) {
    vm::VMActivation* act = ctx->activation;
    // What the real trampoline does.
    uintptr_t savedEntry = act->entryStackPointer;
    act->entryStackPointer = currentStackPointer();
    if (code == innerCode) {
      EXPECT_EQ(depth, 1);
      EXPECT_EQ(act->stackLimit, outerLimit);  // nested entries share the outer budget
      return trap(ctx, vm::TrapCode::Unreachable, 0, 0);
    }
    ++depth;
    outerLimit = act->stackLimit;
    uintptr_t myEntry = act->entryStackPointer;
    uint64_t area[1] = {0};
    vm::TrapCode result = callHost(ctx->functions[0], area);
    EXPECT_EQ(act->entryStackPointer, myEntry);
    EXPECT_EQ(act->trapCode, vm::TrapCode::None);
    EXPECT_EQ(act->stackLimit, outerLimit);
    act->entryStackPointer = savedEntry;
    --depth;
    return result;
  };
  Result<std::vector<Value>> r = inst.getFunc("outer")->call(store, {});
  ASSERT_TRUE(r.ok()) << r.error().toString();
  EXPECT_TRUE(innerTrapSeen);
  EXPECT_FALSE(store.lastTrap());
}

TEST(CallStackLimit, IsBelowTheEntryAndClampedToTheThreadStack) {
  for (uint64_t budget : {uint64_t{256} << 10, uint64_t{1} << 40}) {
    FakeEngine fake(EngineConfig{.maxWasmStackBytes = budget});
    Store store(fake.engine);
    Linker linker;
    ModuleParts p;
    p.types = {funcType({}, {})};
    p.funcs = {0};
    p.exports = {exportEntry("f", kExternFunc, 0)};
    p.bodies = {emptyBody()};
    Result<Instance> inst = linker.instantiate(store, fake.compile(p.build()));
    ASSERT_TRUE(inst.ok());
    uintptr_t limit = 0;
    uintptr_t sp = 0;
    *fake.onEnter = [&](vm::VMContext* ctx, const void*, uint64_t*, uint32_t) {
      limit = ctx->activation->stackLimit;
      sp = currentStackPointer();
      return vm::TrapCode::None;
    };
    ASSERT_TRUE(inst->getFunc("f")->call(store, {}).ok());
    StackBounds bounds = currentThreadStackBounds();
    EXPECT_LT(limit, sp);
    EXPECT_GE(limit, bounds.low + 64 * 1024);
    if (budget < (uint64_t{1} << 30)) {
      EXPECT_LE(sp - limit, budget);
      EXPECT_GE(sp - limit, budget - 16 * 1024);
    }
  }
}

}  // namespace
}  // namespace sable::test
