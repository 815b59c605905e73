// Func: a handle to a function (wasm-defined or host-provided) living in a Store.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "sable/result.h"
#include "sable/types.h"

namespace sable {

class Store;
class Value;

// A host function's implementation. `args` match the function type's parameters; `results`
// arrive holding zero values of the result types and must be overwritten with values of the
// same types. Returning an Error makes the calling wasm code trap (TrapKind::HostError) and the
// embedder's outermost call return that error.
using HostFunction =
    std::function<Result<void>(std::span<const Value> args, std::span<Value> results)>;

// A function in a store. A cheap, copyable, non-owning handle: valid as long as its store.
class Func {
 public:
  // Wraps `fn` as a function of type `type`, callable from wasm (imports, tables) and the host.
  static Func host(Store& store, FuncType type, HostFunction fn);

  const FuncType& type() const;

  // Calls the function. Arguments are checked against the parameter types (ErrorKind::Usage).
  // A trap returns ErrorKind::Trap naming the trap, with a wasm backtrace in the message;
  // store.lastTrap() has the same details in structured form. A host function's error is
  // returned with its own kind and message (plus the backtrace).
  Result<std::vector<Value>> call(Store& store, std::span<const Value> args) const;

  friend bool operator==(const Func& a, const Func& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit Func(Object* object) : object_(object) {}

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::Func> {
  size_t operator()(const sable::Func& handle) const { return handle.hash(); }
};
