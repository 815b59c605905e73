#include "sable/func.h"

#include <iterator>
#include <string>

#include "runtime/api_access.h"
#include "runtime/host_call.h"
#include "runtime/resource_errors.h"
#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "runtime/value_marshal.h"
#include "sable/store.h"
#include "sable/value.h"

namespace sable {

Func Func::host(Store& store, FuncType type, HostFunction fn) {
  return hostWithCaller(
      store, std::move(type),
      [fn = std::move(fn)](Caller&, std::span<const Value> args, std::span<Value> results) {
        return fn(args, results);
      });
}

Func Func::hostWithCaller(Store& store, FuncType type, HostFunctionWithCaller fn) {
  return Func(ApiAccess::impl(store).newHostFunc(std::move(type), std::move(fn)));
}

bool Func::belongsTo(const Store& store) const { return object_->store == &ApiAccess::impl(store); }

// Funcref values carry the function's record: defined here, where the record is known (the
// rest of Value lives with the format, below the runtime).
Value Value::funcref(Func f) {
  return Value(ValType::FuncRef, reinterpret_cast<uintptr_t>(ApiAccess::object(f)), 0);
}

std::optional<Func> Value::asFuncref() const {
  if (lo_ == 0) return std::nullopt;
  return ApiAccess::handle(reinterpret_cast<detail::FuncObject*>(static_cast<uintptr_t>(lo_)));
}

const FuncType& Func::type() const { return *object_->type; }

Result<std::vector<Value>> Func::call(Store& store, std::span<const Value> args) const {
  return detail::errorOnExhaustion([&]() -> Result<std::vector<Value>> {
    detail::FuncObject& f = *object_;
    detail::StoreImpl& s = ApiAccess::impl(store);
    if (f.store != &s) {
      return Error{ErrorKind::Usage, Error::kNoOffset, "the function belongs to another store"};
    }
    std::span<const ValType> params = f.type->params();
    if (args.size() != params.size()) {
      return Error{ErrorKind::Usage, Error::kNoOffset,
                   "expected " + std::to_string(params.size()) + " arguments, got " +
                       std::to_string(args.size())};
    }
    for (size_t i = 0; i < args.size(); ++i) {
      // The common case, a plain value of the right type, needs no message built.
      if (args[i].type() == params[i] && params[i] != ValType::FuncRef) continue;
      std::string what = "argument " + std::to_string(i);
      Result<void> ok = detail::checkValue(s, args[i], params[i], what.c_str());
      if (!ok) return ok.error();
    }
    std::vector<Value> results(f.type->results().size());
    Result<void> ok = callUnchecked(store, args, results);
    if (!ok) return ok.error();
    return results;
  });
}

Result<void> Func::callUnchecked(Store& store, std::span<const Value> args,
                                 std::span<Value> results) const {
  return detail::errorOnExhaustion([&]() -> Result<void> {
    detail::FuncObject& f = *object_;
    detail::StoreImpl& s = ApiAccess::impl(store);
    // Not a type check but what keeps the store's state consistent: kept on every call.
    if (f.store != &s) {
      return Error{ErrorKind::Usage, Error::kNoOffset, "the function belongs to another store"};
    }
    std::span<const ValType> resultTypes = f.type->results();
    if (f.host) {
      // Host to host needs no trip through the stub.
      for (size_t i = 0; i < resultTypes.size(); ++i) results[i] = Value::zero(resultTypes[i]);
      Caller caller = ApiAccess::makeCaller(store, 0);
      return detail::invokeHostFunction(f, caller, args, results);
    }

    const vm::ArgLayout& layout = *f.layout;
    // Most signatures fit on the stack; a heap area only for long ones. Never empty: the stub
    // is given a valid pointer even for () -> ().
    const size_t slots = layout.sizeBytes / 8 + 1;
    uint64_t inlineArea[16] = {};
    std::vector<uint64_t> heapArea;
    uint64_t* area = inlineArea;
    if (slots > std::size(inlineArea)) {
      heapArea.resize(slots);
      area = heapArea.data();
    }
    for (size_t i = 0; i < args.size(); ++i) {
      detail::valueToSlots(args[i], area + layout.paramOffsets[i] / 8);
    }
    Result<void> ok = s.callWasm(f.ref, area, layout.sizeBytes / 8);
    if (!ok) return ok;
    for (size_t i = 0; i < resultTypes.size(); ++i) {
      results[i] = detail::slotsToValue(s, resultTypes[i], area + layout.resultOffsets[i] / 8);
    }
    return {};
  });
}

}  // namespace sable
