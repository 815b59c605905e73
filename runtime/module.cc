#include "sable/module.h"

#include "core/module_decoder.h"
#include "core/validator.h"
#include "jit/code_engine.h"
#include "runtime/lazy_compiled_code.h"
#include "runtime/resource_errors.h"

namespace sable {

namespace {

bool explicitBoundsEngine(const EngineConfig& config) {
  return config.memoryBoundsMode == MemoryBoundsMode::Explicit;
}

// How the engine's configuration asks modules to be compiled.
jit::CompileOptions compileOptions(const EngineConfig& config) {
  jit::CompileOptions options;
  options.boundsMode =
      explicitBoundsEngine(config) ? vm::BoundsMode::Explicit : vm::BoundsMode::GuardPages;
  options.baselineIsa = config.baselineIsa;
  options.epochChecks = config.epochInterruption;
  options.consumeFuel = config.consumeFuel;
  options.threads = config.compileThreads;
  return options;
}

}  // namespace

Module::Module(const Engine& engine, std::shared_ptr<const ModuleInfo> info,
               std::shared_ptr<const std::vector<uint32_t>> sigIds,
               std::shared_ptr<const jit::CompiledModule> compiled)
    : engine_(&engine),
      info_(std::move(info)),
      sigIds_(std::move(sigIds)),
      compiled_(std::move(compiled)),
      explicitBoundsCode_(std::make_shared<detail::LazyCompiledCode>()) {}

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

    // The JIT validates each body while it compiles it.
    Result<std::shared_ptr<jit::CompiledModule>> compiled =
        codeEngine->compile(*info, *sigIds, compileOptions(engine.config()));
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

Result<std::shared_ptr<const jit::CompiledModule>> Module::explicitBoundsCode() const {
  if (compiled_ == nullptr || explicitBoundsEngine(engine_->config())) return compiled_;
  return explicitBoundsCode_->get([&] {
    // Everything but the bounds mode as the first compilation: the same functions, checks and
    // instruction set, so an instance behaves the same whichever code it runs.
    jit::CompileOptions options = compileOptions(engine_->config());
    options.boundsMode = vm::BoundsMode::Explicit;
    return engine_->codeEngine()->compile(*info_, *sigIds_, options);
  });
}

bool Module::hasSeparateExplicitBoundsCode() const {
  return explicitBoundsCode_->ifMade() != nullptr;
}

}  // namespace sable
