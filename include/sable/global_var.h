// GlobalVar: a handle to a global variable living in a Store.
#pragma once

#include <cstddef>
#include <functional>

#include "sable/result.h"
#include "sable/types.h"
#include "sable/value.h"

namespace sable {

class Store;

// A global variable (GlobalVar, as GlobalType names its type). A cheap, copyable,
// non-owning handle: valid as long as its store.
class GlobalVar {
 public:
  // A new global of `type` holding `init` (ErrorKind::Usage if its type differs).
  static Result<GlobalVar> create(Store& store, GlobalType type, const Value& init);

  // The global's type.
  GlobalType type() const;
  // The current value.
  Value get() const;
  // ErrorKind::Usage if the global is immutable or `value` has another type.
  Result<void> set(const Value& value) const;

  // True when both handles are the same global.
  friend bool operator==(const GlobalVar& a, const GlobalVar& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit GlobalVar(Object* object) : object_(object) {}

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::GlobalVar> {
  size_t operator()(const sable::GlobalVar& handle) const { return handle.hash(); }
};
