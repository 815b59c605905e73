// A stand-in for the JIT in runtime unit tests: "compiles" every module to a block of dummy
// bytes (one per function, so entry() and definedFunctionAt() behave), and lets each test say
// what enter() does, so calls, traps, host calls and nesting can be exercised without codegen.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/validator.h"
#include "jit/code_engine.h"
#include "runtime/api_access.h"
#include "sable/engine.h"
#include "sable/module.h"
#include "wasm_builder.h"

namespace sable::test {

// Function i of a fake compiled module "lives" at code_.data() + i.
class FakeCompiledModule : public jit::CompiledModule {
 public:
  explicit FakeCompiledModule(uint32_t numFunctions) : code_(numFunctions + 1) {}
  const void* entry(uint32_t definedIndex) const override { return code_.data() + definedIndex; }
  std::optional<uint32_t> definedFunctionAt(uintptr_t pc) const override {
    uintptr_t base = reinterpret_cast<uintptr_t>(code_.data());
    if (pc < base || pc >= base + code_.size() - 1) return std::nullopt;
    return static_cast<uint32_t>(pc - base);
  }
  std::span<const uint8_t> functionCode(uint32_t definedIndex) const override {
    return {code_.data() + definedIndex, 1};
  }
  uint32_t functionCount() const override { return static_cast<uint32_t>(code_.size() - 1); }
  size_t codeSize() const override { return code_.size(); }

 private:
  std::vector<uint8_t> code_;
};

// What a test wants enter() to do.
using FakeEnter = std::function<vm::TrapCode(vm::VMContext* ctx, const void* code, uint64_t* area,
                                             uint32_t slots)>;

class FakeCodeEngine : public jit::CodeEngine {
 public:
  explicit FakeCodeEngine(std::shared_ptr<FakeEnter> onEnter) : onEnter_(std::move(onEnter)) {}

  vm::TrapCode enter(vm::VMContext* ctx, const void* code, uint64_t* area,
                     uint32_t slots) const override {
    if (!*onEnter_) return vm::TrapCode::None;
    return (*onEnter_)(ctx, code, area, slots);
  }
  const void* hostCallStub() const override { return &stub_; }
  Result<std::shared_ptr<jit::CompiledModule>> compile(const ModuleInfo& module,
                                                       std::span<const uint32_t>,
                                                       const jit::CompileOptions&) const override {
    Result<void> valid = validateFunctionBodies(module);
    if (!valid) return valid.error();
    return std::shared_ptr<jit::CompiledModule>(
        std::make_shared<FakeCompiledModule>(module.numDefinedFunctions()));
  }

 private:
  std::shared_ptr<FakeEnter> onEnter_;
  uint8_t stub_ = 0;
};

// An engine over a FakeCodeEngine; set `onEnter` to script enter().
struct FakeEngine {
  std::shared_ptr<FakeEnter> onEnter = std::make_shared<FakeEnter>();
  Engine engine;

  explicit FakeEngine(EngineConfig config = {})
      : engine(ApiAccess::makeEngine(config, std::make_unique<FakeCodeEngine>(onEnter))) {}

  Module compile(const Bytes& wasm) {
    Result<Module> m = Module::compile(engine, std::span<const uint8_t>(wasm.data(), wasm.size()));
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().toString());
    return std::move(m.value());
  }
};

// Element segment encodings (funcref function-index lists).
inline Bytes elemActive(int32_t offset, const std::vector<uint32_t>& funcs) {
  return Bytes{0x00} + expr(i32Const(offset)) + vecU32(funcs);
}
inline Bytes elemActiveTable(uint32_t table, int32_t offset, const std::vector<uint32_t>& funcs) {
  return Bytes{0x02} + u32(table) + expr(i32Const(offset)) + Bytes{0x00} + vecU32(funcs);
}
inline Bytes elemPassive(const std::vector<uint32_t>& funcs) {
  return Bytes{0x01, 0x00} + vecU32(funcs);
}
inline Bytes elemDeclarative(const std::vector<uint32_t>& funcs) {
  return Bytes{0x03, 0x00} + vecU32(funcs);
}

}  // namespace sable::test
