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
  return Func(ApiAccess::impl(store).newHostFunc(std::move(type), std::move(fn)));
}

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
    std::span<const ValType> resultTypes = f.type->results();
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

    std::vector<Value> results;
    results.reserve(resultTypes.size());
    if (f.host) {
      // Host to host needs no trip through the stub.
      for (ValType t : resultTypes) results.push_back(Value::zero(t));
      Result<void> ok = detail::invokeHostFunction(f, args, results);
      if (!ok) return ok.error();
      return results;
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
    if (!ok) return ok.error();
    for (size_t i = 0; i < resultTypes.size(); ++i) {
      results.push_back(
          detail::slotsToValue(s, resultTypes[i], area + layout.resultOffsets[i] / 8));
    }
    return results;
  });
}

}  // namespace sable
