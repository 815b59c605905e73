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
        checkValue(*func.store, results[i], func.type.results()[i], "host function result");
    if (!ok) return ok;
  }
  return {};
}

uint32_t dispatchHostCall(jit::HostCallContext* self, uint64_t* area) {
  FuncObject& func = *static_cast<FuncObject*>(self->data);
  StoreImpl& store = *func.store;
  const FuncType& type = func.type;
  const vm::ArgLayout& layout = func.layout;

  std::vector<Value> args;
  args.reserve(type.params().size());
  for (size_t i = 0; i < type.params().size(); ++i) {
    args.push_back(slotsToValue(store, type.params()[i], area + layout.paramOffsets[i] / 8));
  }
  std::vector<Value> results;
  results.reserve(type.results().size());
  for (ValType t : type.results()) results.push_back(Value::zero(t));

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
