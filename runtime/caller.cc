#include "sable/caller.h"

#include "runtime/api_access.h"
#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "sable/store.h"

namespace sable {

void* Caller::data() const { return store_->data(); }

std::optional<Instance> Caller::instance() const {
  if (returnAddress_ == 0) return std::nullopt;
  // A return address is one past its call: look up the call itself.
  detail::InstanceObject* instance = ApiAccess::impl(*store_).instanceAt(returnAddress_ - 1);
  if (instance == nullptr) return std::nullopt;
  return ApiAccess::handle(instance);
}

std::optional<Extern> Caller::getExport(std::string_view name) const {
  std::optional<Instance> caller = instance();
  return caller ? caller->getExport(name) : std::nullopt;
}

std::optional<Memory> Caller::getMemory(std::string_view name) const {
  std::optional<Extern> e = getExport(name);
  return e ? e->memory() : std::nullopt;
}

}  // namespace sable
