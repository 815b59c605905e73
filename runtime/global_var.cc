#include "sable/global_var.h"

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "runtime/value_marshal.h"
#include "sable/store.h"

namespace sable {

Result<GlobalVar> GlobalVar::create(Store& store, GlobalType type, const Value& init) {
  detail::StoreImpl& s = ApiAccess::impl(store);
  Result<void> ok = detail::checkValue(s, init, type.type, "initial value");
  if (!ok) return ok.error();
  detail::GlobalObject* g = s.newGlobal(type);
  detail::valueToGlobal(init, g->cell);
  return ApiAccess::handle(g);
}

GlobalType GlobalVar::type() const { return object_->type; }

Value GlobalVar::get() const {
  return detail::globalToValue(*object_->store, object_->type.type, object_->cell);
}

Result<void> GlobalVar::set(const Value& value) const {
  if (!object_->type.isMutable) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "the global is immutable"};
  }
  Result<void> ok = detail::checkValue(*object_->store, value, object_->type.type, "value");
  if (!ok) return ok;
  detail::valueToGlobal(value, object_->cell);
  return {};
}

}  // namespace sable
