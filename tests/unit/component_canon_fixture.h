// A real core module for canonical ABI tests: one page of memory, a bump-allocating
// `cabi_realloc` that logs every call into memory (so tests see the exact realloc sequence),
// and small functions that lifted and lowered functions wrap. Not a fake: it is compiled by the
// JIT and runs as any guest would.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "component/canon/call.h"
#include "component/canon/context.h"
#include "component/canon/type_desc.h"
#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::canon::test {

using namespace sable::test;  // NOLINT: the byte-building vocabulary

// Memory map of the module: [16, 1024) the realloc log (16 bytes a call), [1024, 8192) the
// bump heap, [8192, ...) an argument area the core functions read and write.
inline constexpr uint32_t kLogStart = 16;
inline constexpr uint32_t kHeapStart = 1024;
inline constexpr uint32_t kArgArea = 8192;
inline constexpr uint32_t kPostReturnCount = 8;  // i32 counter of post-return calls

// Globals: 0 = bump pointer, 1 = log pointer, 2 = override (when non-zero, realloc returns it).
inline Bytes reallocBody() {
  auto logArg = [](uint32_t i) { return globalGet(1) + localGet(i) + mem(op::I32Store, 2, 4 * i); };
  Bytes code = logArg(0) + logArg(1) + logArg(2) + logArg(3);
  code += globalGet(1) + i32Const(16) + Bytes{op::I32Add} + globalSet(1);
  // An override makes misbehaving reallocs (misaligned, out of bounds).
  code += globalGet(2) + if_() + globalGet(2) + Bytes{op::Return, op::End};
  // Reallocation of the latest block happens in place, so contents survive.
  code += localGet(0) + if_() + localGet(0) + localGet(3) + Bytes{op::I32Add} + globalSet(0) +
          localGet(0) + Bytes{op::Return, op::End};
  // ptr = (bump + align - 1) & -align
  code += globalGet(0) + localGet(2) + Bytes{op::I32Add} + i32Const(1) + Bytes{op::I32Sub} +
          i32Const(0) + localGet(2) + Bytes{op::I32Sub} + Bytes{0x71} + localTee(4) + localGet(3) +
          Bytes{op::I32Add} + globalSet(0) + localGet(4) + Bytes{op::End};
  return funcBody({{1, kI32}}, code);
}

// The module. Functions: 0 cabi_realloc, 1 load_i32 () -> i32 (the i32 at kArgArea),
// 2 store_2 (i32 i32) (stores both at kArgArea), 3 post_return (i32) (counts calls),
// 4 boom () (unreachable), 5 store_1 (i32).
inline Bytes libModule() {
  ModuleParts p;
  p.types = {funcType({kI32, kI32, kI32, kI32}, {kI32}), funcType({}, {kI32}),
             funcType({kI32, kI32}, {}), funcType({kI32}, {}), funcType({}, {})};
  p.funcs = {0, 1, 2, 3, 4, 3};
  p.memories = {limits(1)};
  p.globals = {global(kI32, kMut, expr(i32Const(kHeapStart))),
               global(kI32, kMut, expr(i32Const(kLogStart))),
               global(kI32, kMut, expr(i32Const(0)))};
  p.exports = {
      exportEntry("mem", kExternMemory, 0),       exportEntry("cabi_realloc", kExternFunc, 0),
      exportEntry("load_i32", kExternFunc, 1),    exportEntry("store_2", kExternFunc, 2),
      exportEntry("post_return", kExternFunc, 3), exportEntry("boom", kExternFunc, 4),
      exportEntry("store_1", kExternFunc, 5),     exportEntry("override", kExternGlobal, 2)};
  p.bodies = {
      reallocBody(),
      funcBody(i32Const(kArgArea) + mem(op::I32Load, 2) + Bytes{op::End}),
      funcBody(i32Const(kArgArea) + localGet(0) + mem(op::I32Store, 2) + i32Const(kArgArea) +
               localGet(1) + mem(op::I32Store, 2, 4) + Bytes{op::End}),
      funcBody(i32Const(kPostReturnCount) + i32Const(kPostReturnCount) + mem(op::I32Load, 2) +
               i32Const(1) + Bytes{op::I32Add} + mem(op::I32Store, 2) + Bytes{op::End}),
      funcBody(Bytes{op::Unreachable, op::End}),
      funcBody(i32Const(kArgArea) + localGet(0) + mem(op::I32Store, 2) + Bytes{op::End}),
  };
  return p.build();
}

// One realloc call as logged by the module.
struct ReallocCall {
  uint32_t old, oldSize, align, newSize;
  friend bool operator==(const ReallocCall&, const ReallocCall&) = default;
};
inline std::ostream& operator<<(std::ostream& os, const ReallocCall& c) {
  return os << "realloc(" << c.old << ", " << c.oldSize << ", " << c.align << ", " << c.newSize
            << ")";
}

// A store with the module instantiated and the pieces a LiftLowerContext needs.
class CanonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Module> module = Module::compile(engine, libModule());
    ASSERT_TRUE(module.ok()) << module.error().toString();
    Result<Instance> instance = Instance::create(store, *module, {});
    ASSERT_TRUE(instance.ok()) << instance.error().toString();
    lib = *instance;
    opts.memory = *lib->getMemory("mem");
    opts.realloc = *lib->getFunc("cabi_realloc")->typed<ReallocSignature>(store);
    inst.path = "test";
  }

  LiftLowerContext context(TrapStyle style = TrapStyle::Host) {
    return LiftLowerContext{store, types, opts, inst, resources, hostHandles, &scope, style};
  }
  CallEnv env() { return CallEnv{store, resources, hostHandles}; }

  Func func(const char* name) { return *lib->getFunc(name); }
  TypeId type(Result<TypeId> r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : TypeId{};
  }
  TypeId prim(cm::ValKind k) { return type(types.primitive(k)); }

  std::span<uint8_t> bytes() { return opts.memory->data(); }
  void writeBytes(uint32_t at, std::span<const uint8_t> data) {
    ASSERT_TRUE(opts.memory->write(at, data).ok());
  }
  void writeU32(uint32_t at, uint32_t v) {
    uint8_t b[4];
    std::memcpy(b, &v, 4);
    writeBytes(at, b);
  }
  uint32_t readU32(uint32_t at) {
    uint32_t v;
    std::memcpy(&v, bytes().data() + at, 4);
    return v;
  }
  void setReallocOverride(uint32_t ptr) {
    ASSERT_TRUE(lib->getGlobal("override")->set(Value::i32(static_cast<int32_t>(ptr))).ok());
  }
  std::vector<ReallocCall> reallocLog() {
    std::vector<ReallocCall> log;
    for (uint32_t at = kLogStart; at < kHeapStart && readU32(at + 8) != 0; at += 16) {
      log.push_back({readU32(at), readU32(at + 4), readU32(at + 8), readU32(at + 12)});
    }
    return log;
  }

  Engine engine;
  Store store{engine};
  std::optional<Instance> lib;
  TypeArena types;
  ResourceRegistry resources;
  HandleTable hostHandles;
  InstanceState inst;
  CanonOptions opts;
  CallScope scope;
};

// The message of a failed result, or "" (so EXPECT_EQ shows what happened).
template <typename T>
std::string errorOf(const Result<T>& r) {
  return r.ok() ? std::string() : r.error().message;
}

}  // namespace sable::canon::test
