#include "core/host_call.h"

#include <exception>
#include <string>
#include <vector>

#include "core/store_impl.h"
#include "core/store_objects.h"
#include "core/value_marshal.h"

namespace sable::detail {

Result<void> invokeHostFunction(FuncObject& func, std::span<const Value> args,
                                std::span<Value> results) {
  Result<void> outcome;
  try {
    outcome = func.host->fn(args, results);
  } catch (const std::exception& e) {
    outcome = Error{ErrorKind::Trap, Error::kNoOffset,
                    std::string("host function threw an exception: ") + e.what()};
  } catch (...) {
    outcome = Error{ErrorKind::Trap, Error::kNoOffset, "host function threw an exception"};
  }
  if (!outcome) return outcome;
  for (size_t i = 0; i < results.size(); ++i) {
    Result<void> ok =
        checkValue(*func.store, results[i], func.type->results()[i], "host function result");
    if (!ok) return ok;
  }
  return {};
}

uint32_t dispatchHostCall(jit::HostCallContext* self, uint64_t* area) {
  FuncObject& func = *static_cast<FuncObject*>(self->data);
  StoreImpl& store = *func.store;
  const FuncType& type = *func.type;
  const vm::ArgLayout& layout = *func.layout;

  // Values on the stack for the usual short signatures: this runs on every call from wasm.
  constexpr size_t kInline = 8;
  const size_t numParams = type.params().size();
  const size_t numResults = type.results().size();
  Value inlineValues[2 * kInline];
  std::vector<Value> heapValues;
  Value* values = inlineValues;
  if (numParams > kInline || numResults > kInline) {
    heapValues.resize(numParams + numResults);
    values = heapValues.data();
  }
  std::span<Value> args(values, numParams);
  std::span<Value> results(values + numParams, numResults);
  for (size_t i = 0; i < numParams; ++i) {
    args[i] = slotsToValue(store, type.params()[i], area + layout.paramOffsets[i] / 8);
  }
  for (size_t i = 0; i < numResults; ++i) results[i] = Value::zero(type.results()[i]);

  Result<void> outcome = invokeHostFunction(func, args, results);
  if (!outcome) {
    store.setPendingHostError(outcome.error());
    return static_cast<uint32_t>(vm::TrapCode::HostError);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    valueToSlots(results[i], area + layout.resultOffsets[i] / 8);
  }
  return static_cast<uint32_t>(vm::TrapCode::None);
}

}  // namespace sable::detail
