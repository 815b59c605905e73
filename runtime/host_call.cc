#include "runtime/host_call.h"

#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/store_impl.h"
#include "runtime/store_objects.h"
#include "runtime/value_marshal.h"

namespace sable::detail {

Result<void> invokeHostFunction(FuncObject& func, Caller& caller, std::span<const Value> args,
                                std::span<Value> results) {
  Result<void> outcome;
  try {
    outcome = func.host->fn(caller, args, results);
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

uint32_t dispatchHostCall(vm::HostCallContext* self, uint64_t* area) {
  FuncObject& func = *static_cast<FuncObject*>(self->data);
  StoreImpl& store = *func.store;
  const FuncType& type = *func.type;
  const vm::ArgLayout& layout = *func.layout;

  // This runs on every call from wasm: the values of the usual short signatures go in
  // uninitialised stack storage, and only those there are get constructed (no heap, and no
  // initialising a whole array for a () -> () call).
  constexpr size_t kInline = 8;
  static_assert(std::is_trivially_destructible_v<Value>);
  const size_t numParams = type.params().size();
  const size_t numResults = type.results().size();
  alignas(Value) unsigned char storage[kInline * sizeof(Value)];
  std::vector<Value> heapValues;
  Value* values = reinterpret_cast<Value*>(storage);
  if (numParams + numResults > kInline) {
    heapValues.resize(numParams + numResults);
    values = heapValues.data();
  }
  for (size_t i = 0; i < numParams; ++i) {
    std::construct_at(values + i,
                      slotsToValue(store, type.params()[i], area + layout.paramOffsets[i] / 8));
  }
  for (size_t i = 0; i < numResults; ++i) {
    std::construct_at(values + numParams + i, Value::zero(type.results()[i]));
  }
  std::span<const Value> args(values, numParams);
  std::span<Value> results(values + numParams, numResults);

  // The stub's frame record {caller's frame pointer, return address} sits right below `area`.
  const uintptr_t returnAddress = static_cast<uintptr_t>(area[-1]);
  Caller caller = ApiAccess::makeCaller(store.owner(), returnAddress);
  Result<void> outcome = invokeHostFunction(func, caller, args, results);
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
