// Table: a handle to a table of references living in a Store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "sable/result.h"
#include "sable/types.h"
#include "sable/value.h"

namespace sable {

class Store;

// A table of funcref or externref elements. A cheap, copyable, non-owning handle: valid as
// long as its store.
class Table {
 public:
  // A new table of `type` with every element set to `init` (a value of the element type).
  // ErrorKind::ResourceExhausted past the store's StoreLimits.
  static Result<Table> create(Store& store, TableType type, const Value& init);

  // The current type: limits.min is the current size, as import matching sees it.
  TableType type() const;
  // The current number of elements.
  uint32_t size() const;

  // ErrorKind::Trap "out of bounds table access" for a bad index; ErrorKind::Usage for a value
  // of the wrong type or from another store.
  Result<Value> get(uint32_t index) const;
  Result<void> set(uint32_t index, const Value& value) const;
  // Grows by `delta` elements set to `init`; returns the old size, ErrorKind::ResourceExhausted
  // past the store's StoreLimits (naming the limit), or ErrorKind::Limit past the maximum.
  Result<uint32_t> grow(uint32_t delta, const Value& init) const;

  // True when both handles are the same table.
  friend bool operator==(const Table& a, const Table& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit Table(Object* object) : object_(object) {}

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::Table> {
  size_t operator()(const sable::Table& handle) const { return handle.hash(); }
};
