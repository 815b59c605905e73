#include "sable/table.h"

#include <string>

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "runtime/value_marshal.h"
#include "sable/store.h"

namespace sable {

int64_t Table::Object::grow(uint32_t delta, void* init) {
  uint64_t oldSize = elements.size();
  uint64_t newSize = oldSize + delta;
  uint64_t max = type.limits.hasMax ? type.limits.max : detail::kMaxTableElements;
  if (newSize > max || newSize > detail::kMaxTableElements) return -1;
  if (delta != 0 && !store->limiter().allowsTableElements(newSize)) return -1;
  // May move the elements: generated code reloads vm.elements. Out of memory: -1, as when
  // the table is at its maximum.
  if (!elements.resize(newSize, init)) return -1;
  syncVm();
  return static_cast<int64_t>(oldSize);
}

namespace {

Error outOfBounds() {
  return Error{ErrorKind::Trap, Error::kNoOffset, "out of bounds table access"};
}

}  // namespace

Result<Table> Table::create(Store& store, TableType type, const Value& init) {
  detail::StoreImpl& s = ApiAccess::impl(store);
  if (!isRefType(type.elemType)) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "table element type must be a reference"};
  }
  if (type.limits.min > detail::kMaxTableElements) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "table size exceeds the implementation limit"};
  }
  if (type.limits.hasMax && type.limits.max < type.limits.min) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "table maximum below its minimum"};
  }
  Result<void> ok = detail::checkValue(s, init, type.elemType, "initial value");
  if (!ok) return ok.error();
  Result<detail::TableObject*> table =
      s.newTable(type, detail::refToRaw(init), "Table::create: table");
  if (!table) return table.error();
  return ApiAccess::handle(*table);
}

TableType Table::type() const { return object_->type; }
uint32_t Table::size() const { return object_->size(); }

Result<Value> Table::get(uint32_t index) const {
  if (index >= object_->size()) return outOfBounds();
  return detail::rawToRef(*object_->store, object_->type.elemType, object_->elements[index]);
}

Result<void> Table::set(uint32_t index, const Value& value) const {
  Result<void> ok = detail::checkValue(*object_->store, value, object_->type.elemType, "value");
  if (!ok) return ok;
  if (index >= object_->size()) return outOfBounds();
  object_->elements[index] = detail::refToRaw(value);
  return {};
}

Result<uint32_t> Table::grow(uint32_t delta, const Value& init) const {
  Result<void> ok = detail::checkValue(*object_->store, init, object_->type.elemType, "value");
  if (!ok) return ok.error();
  if (delta != 0) {
    const uint64_t newSize = uint64_t{object_->size()} + delta;
    ok = object_->store->limiter().checkTableElements("Table::grow: table", newSize);
    if (!ok) return ok.error();
  }
  int64_t old = object_->grow(delta, detail::refToRaw(init));
  if (old < 0) return Error{ErrorKind::Limit, Error::kNoOffset, "table cannot grow by that much"};
  return static_cast<uint32_t>(old);
}

}  // namespace sable
