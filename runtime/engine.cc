#include "sable/engine.h"

#include "jit/code_engine.h"
#include "platform/memory_reservation_pool.h"
#include "runtime/builtins.h"
#include "runtime/epoch_registry.h"
#include "runtime/resource_errors.h"
#include "runtime/signature_registry.h"

namespace sable {

namespace {

std::shared_ptr<platform::MemoryReservationPool> makeMemoryPool(const EngineConfig& config) {
  if (config.pooledMemoryReservations == 0) return nullptr;
  return std::make_shared<platform::MemoryReservationPool>(config.pooledMemoryReservations);
}

}  // namespace

Engine::Engine(EngineConfig config)
    : config_(config),
      signatures_(std::make_unique<SignatureRegistry>()),
      builtins_(std::make_unique<vm::VMBuiltins>(runtimeBuiltins())),
      memoryPool_(makeMemoryPool(config)),
      epochs_(std::make_shared<detail::EpochRegistry>()) {
  if (!config.generateCode) {
    codeEngineError_ =
        Error{ErrorKind::Usage, Error::kNoOffset, "the engine was configured not to generate code"};
    return;
  }
  Result<std::unique_ptr<jit::CodeEngine>> created = jit::CodeEngine::create();
  if (created) {
    codeEngine_ = std::move(created.value());
  } else {
    codeEngineError_ = created.error();
  }
}

Engine::Engine(EngineConfig config, std::unique_ptr<jit::CodeEngine> codeEngine)
    : config_(config),
      codeEngine_(std::move(codeEngine)),
      signatures_(std::make_unique<SignatureRegistry>()),
      builtins_(std::make_unique<vm::VMBuiltins>(runtimeBuiltins())),
      memoryPool_(makeMemoryPool(config)),
      epochs_(std::make_shared<detail::EpochRegistry>()) {
  if (!codeEngine_)
    codeEngineError_ = Error{ErrorKind::Usage, Error::kNoOffset,
                             "the engine was created without a code generator"};
}

Engine::~Engine() = default;

Result<std::shared_ptr<Engine>> Engine::create(EngineConfig config) {
  return detail::errorOnExhaustion([&]() -> Result<std::shared_ptr<Engine>> {
    auto engine = std::make_shared<Engine>(config);
    if (engine->codeEngineError()) return *engine->codeEngineError();
    return engine;
  });
}

void Engine::incrementEpoch() { epochs_->increment(); }

uint64_t Engine::currentEpoch() const { return epochs_->current(); }

uint32_t Engine::internSignature(const FuncType& type) const { return signatures_->intern(type); }

}  // namespace sable
