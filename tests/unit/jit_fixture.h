// A fixture for testing the JIT without the runtime around it: compiles a module with the
// engine's CodeEngine and calls its functions through the entry stub with a hand-built
// VMContext (and memory 0, when the module declares one). The per-ISA JIT tests derive from it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "abi/vm.h"
#include "core/module_decoder.h"
#include "jit/code_engine.h"
#include "platform/linear_memory.h"
#include "wasm_builder.h"

namespace sable::test {

class JitFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = jit::CodeEngine::create();
    ASSERT_TRUE(engine.ok()) << engine.error().toString();
    engine_ = std::move(engine.value());
    builtins_.recordTrap = recordTrap;
    ctx_.activation = &activation_;
    ctx_.builtins = &builtins_;
  }

  void compile(const Bytes& wasm, vm::BoundsMode mode = vm::BoundsMode::GuardPages) {
    auto info = decodeModule(wasm);
    ASSERT_TRUE(info.ok()) << info.error().toString();
    info_ = info.value();
    if (!info_->memories.empty()) {
      auto memory =
          platform::LinearMemory::create(info_->memories[0].limits.min, std::nullopt, mode);
      ASSERT_TRUE(memory.ok()) << memory.error().toString();
      memory_ = std::move(memory.value());
      ctx_.memory = memory_->vmMemory();
    }
    sigIds_.resize(info_->types.size());
    for (uint32_t i = 0; i < sigIds_.size(); ++i) sigIds_[i] = i;
    jit::CompileOptions options;
    options.boundsMode = mode;
    auto compiled = engine_->compile(*info_, sigIds_, options);
    ASSERT_TRUE(compiled.ok()) << compiled.error().toString();
    compiled_ = compiled.value();
  }

  // Calls defined function `fn`; `area` holds the parameters then room for the results.
  vm::TrapCode call(uint32_t fn, std::vector<uint64_t>& area) {
    char probe;
    activation_.stackLimit = reinterpret_cast<uintptr_t>(&probe) - 256 * 1024;
    activation_.trapCode = vm::TrapCode::None;
    return engine_->enter(&ctx_, compiled_->entry(fn), area.data(),
                          static_cast<uint32_t>(area.size()));
  }

  std::unique_ptr<jit::CodeEngine> engine_;
  vm::VMActivation activation_;
  vm::VMBuiltins builtins_;
  vm::VMContext ctx_;
  std::unique_ptr<platform::LinearMemory> memory_;
  std::shared_ptr<ModuleInfo> info_;
  std::vector<uint32_t> sigIds_;
  std::shared_ptr<jit::CompiledModule> compiled_;

 private:
  // The engine's trap stub hands a trap to this builtin before unwinding.
  static void recordTrap(vm::VMContext* ctx, uint32_t code, uintptr_t pc, uintptr_t fp) {
    ctx->activation->trapCode = static_cast<vm::TrapCode>(code);
    ctx->activation->trapPc = pc;
    ctx->activation->trapFramePointer = fp;
  }
};

}  // namespace sable::test
