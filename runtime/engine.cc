#include "sable/engine.h"

#include "runtime/api_access.h"
#include "runtime/builtins.h"
#include "runtime/engine_impl.h"
#include "runtime/resource_errors.h"

namespace sable {

namespace {

std::shared_ptr<platform::MemoryReservationPool> makeMemoryPool(const EngineConfig& config) {
  if (config.pooledMemoryReservations == 0) return nullptr;
  return std::make_shared<platform::MemoryReservationPool>(config.pooledMemoryReservations);
}

// The JIT's code generator for `config`, or why there is none.
std::shared_ptr<ApiAccess::EngineImpl> makeImplWithJit(const EngineConfig& config) {
  if (!config.generateCode) {
    return std::make_shared<ApiAccess::EngineImpl>(
        config, nullptr,
        Error{ErrorKind::Usage, Error::kNoOffset,
              "the engine was configured not to generate code"});
  }
  Result<std::unique_ptr<jit::CodeEngine>> created = jit::CodeEngine::create();
  if (!created) return std::make_shared<ApiAccess::EngineImpl>(config, nullptr, created.error());
  return std::make_shared<ApiAccess::EngineImpl>(config, std::move(created.value()), std::nullopt);
}

}  // namespace

Engine::Impl::Impl(EngineConfig config, std::unique_ptr<jit::CodeEngine> codeEngine,
                   std::optional<Error> codeEngineError)
    : config(config),
      codeEngine(std::move(codeEngine)),
      codeEngineError(std::move(codeEngineError)),
      signatures(std::make_unique<detail::SignatureRegistry>()),
      builtins(std::make_unique<vm::VMBuiltins>(runtimeBuiltins())),
      memoryPool(makeMemoryPool(config)),
      epochs(std::make_shared<detail::EpochRegistry>()) {
  if (!config.perfMap) return;
  Result<std::unique_ptr<platform::PerfMap>> opened = platform::PerfMap::open();
  if (opened) {
    perfMap = std::move(*opened);
  } else {
    perfMapError = opened.error();
  }
}

Engine::Engine(EngineConfig config) : impl_(makeImplWithJit(config)) {}

Result<Engine> Engine::create(EngineConfig config) {
  return detail::errorOnExhaustion([&]() -> Result<Engine> {
    Engine engine(config);
    if (engine.codeEngineError()) return *engine.codeEngineError();
    if (engine.impl_->perfMapError) return *engine.impl_->perfMapError;
    return engine;
  });
}

const EngineConfig& Engine::config() const { return impl_->config; }

const std::optional<Error>& Engine::codeEngineError() const { return impl_->codeEngineError; }

void Engine::incrementEpoch() { impl_->epochs->increment(); }

uint64_t Engine::currentEpoch() const { return impl_->epochs->current(); }

Engine ApiAccess::makeEngine(EngineConfig config, std::unique_ptr<jit::CodeEngine> codeEngine) {
  std::optional<Error> why;
  if (!codeEngine) {
    why = Error{ErrorKind::Usage, Error::kNoOffset,
                "the engine was created without a code generator"};
  }
  return Engine(
      std::make_shared<ApiAccess::EngineImpl>(config, std::move(codeEngine), std::move(why)));
}

}  // namespace sable
