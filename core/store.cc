#include "sable/store.h"

#include "core/store_impl.h"

namespace sable {

Store::Store(const Engine& engine) : impl_(std::make_unique<detail::StoreImpl>(engine)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const Engine& Store::engine() const { return impl_->engine(); }
const std::optional<Trap>& Store::lastTrap() const { return impl_->lastTrap(); }

}  // namespace sable
