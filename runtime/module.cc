#include "sable/module.h"

#include "core/module_decoder.h"
#include "core/validator.h"
#include "jit/code_engine.h"
#include "runtime/resource_errors.h"

namespace sable {

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> wasm) {
  return detail::errorOnExhaustion([&]() -> Result<Module> {
    Result<std::shared_ptr<ModuleInfo>> decoded = decodeModule(wasm);
    if (!decoded) return decoded.error();
    std::shared_ptr<const ModuleInfo> info = std::move(decoded.value());

    auto sigIds = std::make_shared<std::vector<uint32_t>>();
    sigIds->reserve(info->types.size());
    for (const FuncType& type : info->types) sigIds->push_back(engine.internSignature(type));

    const jit::CodeEngine* codeEngine = engine.codeEngine();
    if (codeEngine == nullptr) {
      // No code generator: validate on its own so the module is still checked completely.
      Result<void> valid = validateFunctionBodies(*info);
      if (!valid) return valid.error();
      return Module(engine, std::move(info), std::move(sigIds), nullptr);
    }

    jit::CompileOptions options;
    options.boundsMode = engine.config().memoryBoundsMode == MemoryBoundsMode::Explicit
                             ? vm::BoundsMode::Explicit
                             : vm::BoundsMode::GuardPages;
    options.baselineIsa = engine.config().baselineIsa;
    options.epochChecks = engine.config().epochInterruption;
    options.consumeFuel = engine.config().consumeFuel;
    options.threads = engine.config().compileThreads;
    // The JIT validates each body while it compiles it.
    Result<std::shared_ptr<jit::CompiledModule>> compiled =
        codeEngine->compile(*info, *sigIds, options);
    if (!compiled && compiled.error().kind == ErrorKind::Unsupported) {
      // The code generator stopped early: finish validating, so an invalid module is still
      // reported as invalid, and keep a valid one with the reason it cannot run here.
      Result<void> valid = validateFunctionBodies(*info);
      if (!valid) return valid.error();
      Module module(engine, std::move(info), std::move(sigIds), nullptr);
      module.notRunnable_ = std::make_shared<const Error>(compiled.error());
      return module;
    }
    if (!compiled) return compiled.error();
    return Module(engine, std::move(info), std::move(sigIds), std::move(compiled.value()));
  });
}

size_t Module::machineCodeSize() const { return compiled_ ? compiled_->codeSize() : 0; }

}  // namespace sable
