#include "sable/engine.h"

#include "jit/code_engine.h"
#include "platform/memory_reservation_pool.h"
#include "runtime/builtins.h"
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
      memoryPool_(makeMemoryPool(config)) {
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
      memoryPool_(makeMemoryPool(config)) {
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

static_assert(std::atomic<uint64_t>::is_always_lock_free &&
              sizeof(std::atomic<uint64_t>) == sizeof(uint64_t));

const uint64_t* Engine::epochCounter() const {
  // Compiled code reads the counter with ordinary 64-bit loads, which are single-copy atomic
  // on both architectures; the atomic's representation is the plain integer's.
  return reinterpret_cast<const uint64_t*>(&epoch_);
}

uint32_t Engine::internSignature(const FuncType& type) const { return signatures_->intern(type); }

}  // namespace sable
