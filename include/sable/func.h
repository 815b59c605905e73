// Func: a handle to a function (wasm-defined or host-provided) living in a Store.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "sable/result.h"
#include "sable/types.h"

namespace sable {

class Caller;
class Store;
class Value;
template <typename Signature>
class TypedFunc;

// A host function's implementation. `args` match the function type's parameters; `results`
// arrive holding zero values of the result types and must be overwritten with values of the
// same types. Returning an Error makes the calling wasm code trap (TrapKind::HostError) and the
// embedder's outermost call return that error.
using HostFunction =
    std::function<Result<void>(std::span<const Value> args, std::span<Value> results)>;

// A host function that also receives the Caller: the store, its data and the calling instance.
using HostFunctionWithCaller = std::function<Result<void>(
    Caller& caller, std::span<const Value> args, std::span<Value> results)>;

// A function in a store. A cheap, copyable, non-owning handle: valid as long as its store.
class Func {
 public:
  // Wraps `fn` as a function of type `type`, callable from wasm (imports, tables) and the host.
  static Func host(Store& store, FuncType type, HostFunction fn);
  // The same for a function that wants its Caller.
  static Func hostWithCaller(Store& store, FuncType type, HostFunctionWithCaller fn);

  // Wraps the C++ callable `fn` as a host function, its wasm type deduced from its signature:
  // parameters and results int32_t/uint32_t (i32), int64_t/uint64_t (i64), float (f32) and
  // double (f64); an optional `Caller&` first parameter; a result that is void, one value, a
  // std::tuple of values, or a Result<> of any of these, whose Error makes the calling wasm
  // code trap (as for HostFunction). Defined in sable/typed_func.h.
  //   Func::wrap(store, [](Caller& c, int32_t a, double b) -> int64_t { ... });
  template <typename F>
  static Func wrap(Store& store, F&& fn);

  // This function as a TypedFunc of C++ signature `Signature` (e.g. int64_t(int32_t, double)),
  // whose calls need no type checks: the signature is checked here, once, against type()
  // (ErrorKind::Usage naming both types when they differ, or when the function is not of
  // `store`). Defined in sable/typed_func.h.
  template <typename Signature>
  Result<TypedFunc<Signature>> typed(const Store& store) const;

  // Whether the function lives in `store`.
  bool belongsTo(const Store& store) const;

  // The function's wasm type.
  const FuncType& type() const;

  // Calls the function. Arguments are checked against the parameter types (ErrorKind::Usage).
  // A trap returns ErrorKind::Trap naming the trap, with a wasm backtrace in the message;
  // store.lastTrap() has the same details in structured form. A host function's error is
  // returned with its own kind and message (plus the backtrace).
  Result<std::vector<Value>> call(Store& store, std::span<const Value> args) const;

  // True when both handles are the same function.
  friend bool operator==(const Func& a, const Func& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  template <typename Signature>
  friend class TypedFunc;
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit Func(Object* object) : object_(object) {}

  // Calls with `args` of the parameter types into `results` of the result types, checking
  // only the store (TypedFunc checked the types once).
  Result<void> callUnchecked(Store& store, std::span<const Value> args,
                             std::span<Value> results) const;

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::Func> {
  size_t operator()(const sable::Func& handle) const { return handle.hash(); }
};
