#include "sable/store.h"

#include "runtime/store_impl.h"

namespace sable {

Store::Store(const Engine& engine) : impl_(std::make_unique<Impl>(engine)) {
  impl_->setOwner(this);
}
Store::~Store() = default;
Store::Store(Store&& other) noexcept : impl_(std::move(other.impl_)) { impl_->setOwner(this); }
Store& Store::operator=(Store&& other) noexcept {
  impl_ = std::move(other.impl_);
  impl_->setOwner(this);
  return *this;
}

void Store::setData(void* data, void (*destructor)(void*)) { impl_->setUserData(data, destructor); }
void* Store::data() const { return impl_->userData(); }

const Engine& Store::engine() const { return impl_->engine(); }
const std::optional<Trap>& Store::lastTrap() const { return impl_->lastTrap(); }

void Store::setEpochDeadline(uint64_t ticksFromNow) { impl_->setEpochDeadline(ticksFromNow); }

Result<void> Store::setFuel(uint64_t fuel) {
  if (!engine().config().consumeFuel) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "fuel is not enabled for this engine (EngineConfig::consumeFuel)"};
  }
  impl_->setFuel(fuel);
  return {};
}

Result<uint64_t> Store::fuel() const {
  if (!engine().config().consumeFuel) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "fuel is not enabled for this engine (EngineConfig::consumeFuel)"};
  }
  return impl_->fuelRemaining();
}

uint64_t Store::fuelConsumed() const { return impl_->fuelConsumed(); }

void Store::setLimits(const StoreLimits& limits) { impl_->limiter().setLimits(limits); }
const StoreLimits& Store::limits() const { return impl_->limiter().limits(); }
const StoreUsage& Store::usage() const { return impl_->limiter().usage(); }

}  // namespace sable
