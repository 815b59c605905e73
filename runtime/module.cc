#include "sable/module.h"

#include "core/module_decoder.h"
#include "core/validator.h"
#include "jit/code_engine.h"
#include "runtime/api_access.h"
#include "runtime/engine_impl.h"
#include "runtime/module_impl.h"
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

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> wasm) {
  return detail::errorOnExhaustion([&]() -> Result<Module> {
    Result<std::shared_ptr<ModuleInfo>> decoded = decodeModule(wasm);
    if (!decoded) return decoded.error();
    const ApiAccess::EngineImpl& engineImpl = ApiAccess::impl(engine);
    auto impl = std::make_shared<Impl>(engine);
    impl->info = std::move(decoded.value());
    const ModuleInfo& info = *impl->info;
    impl->signatureIds.reserve(info.types.size());
    for (const FuncType& type : info.types) {
      impl->signatureIds.push_back(engineImpl.internSignature(type));
    }

    const jit::CodeEngine* codeEngine = engineImpl.codeEngine.get();
    if (codeEngine == nullptr) {
      // No code generator: validate on its own so the module is still checked completely.
      Result<void> valid = validateFunctionBodies(info);
      if (!valid) return valid.error();
      return Module(std::move(impl));
    }

    // The JIT validates each body while it compiles it.
    Result<std::shared_ptr<jit::CompiledModule>> compiled =
        codeEngine->compile(info, impl->signatureIds, compileOptions(engine.config()));
    if (!compiled && compiled.error().kind == ErrorKind::Unsupported) {
      // The code generator stopped early: finish validating, so an invalid module is still
      // reported as invalid, and keep a valid one with the reason it cannot run here.
      Result<void> valid = validateFunctionBodies(info);
      if (!valid) return valid.error();
      impl->notRunnable = std::make_shared<const Error>(compiled.error());
      return Module(std::move(impl));
    }
    if (!compiled) return compiled.error();
    impl->compiled = std::move(compiled.value());
    return Module(std::move(impl));
  });
}

const ModuleInfo& Module::info() const { return *impl_->info; }

const Engine& Module::engine() const { return impl_->engine; }

const Error* Module::notRunnableReason() const { return impl_->notRunnable.get(); }

size_t Module::machineCodeSize() const { return impl_->compiled ? impl_->compiled->codeSize() : 0; }

Result<std::shared_ptr<const jit::CompiledModule>> Module::Impl::explicitBoundsCode() const {
  if (compiled == nullptr || explicitBoundsEngine(engine.config())) return compiled;
  return lazyExplicitBoundsCode.get([&] {
    // Everything but the bounds mode as the first compilation: the same functions, checks and
    // instruction set, so an instance behaves the same whichever code it runs.
    jit::CompileOptions options = compileOptions(engine.config());
    options.boundsMode = vm::BoundsMode::Explicit;
    return ApiAccess::impl(engine).codeEngine->compile(*info, signatureIds, options);
  });
}

}  // namespace sable
