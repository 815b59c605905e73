// GlobalVar: a handle to a global variable living in a Store.
#pragma once

#include "sable/result.h"
#include "sable/types.h"
#include "sable/value.h"

namespace sable {

class Store;

namespace detail {
struct GlobalObject;
}  // namespace detail

// A global variable (named GlobalVar because ModuleInfo already has a `Global`). A cheap, copyable,
// non-owning handle: valid as long as its store.
class GlobalVar {
 public:
  // A new global of `type` holding `init` (ErrorKind::Usage if its type differs).
  static Result<GlobalVar> create(Store& store, GlobalType type, const Value& init);

  GlobalType type() const;
  Value get() const;
  // ErrorKind::Usage if the global is immutable or `value` has another type.
  Result<void> set(const Value& value) const;

  explicit GlobalVar(detail::GlobalObject* object) : object_(object) {}
  detail::GlobalObject* object() const { return object_; }
  friend bool operator==(const GlobalVar& a, const GlobalVar& b) { return a.object_ == b.object_; }

 private:
  detail::GlobalObject* object_;
};

}  // namespace sable
