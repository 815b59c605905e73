// canon lift and canon lower calls.
#include "component/canon/call.h"

#include <array>
#include <string>
#include <utility>

#include "component/canon/flat_values.h"
#include "component/canon/handle_transfer.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

// Core values of `types` from flat bit patterns (sizes checked by the caller).
void toCoreValues(std::span<const uint64_t> bits, std::span<const ValType> types,
                  std::span<Value> out) {
  for (size_t i = 0; i < types.size(); ++i) out[i] = Value::fromBits(types[i], bits[i], 0);
}

Result<void> callPostReturn(const CallEnv& env, const LiftedFunc& func,
                            std::span<const Value> coreResults) {
  if (!func.opts.postReturn) return {};
  func.instance->mayLeave = false;
  Result<std::vector<Value>> done = func.opts.postReturn->call(env.store, coreResults);
  func.instance->mayLeave = true;
  if (!done) return done.error();
  return {};
}

// The steps of a lifted call between entering and leaving.
Result<std::optional<cm::Val>> runLifted(const CallEnv& env, const LiftedFunc& func,
                                         std::span<const cm::Val> args, TrapStyle style) {
  CallScope scope;
  LiftLowerContext cx{env.store,     *func.types,     func.opts, *func.instance,
                      env.resources, env.hostHandles, &scope,    style};
  Result<FlatBuffer> flatArgs = lowerParams(cx, func.type, args);
  if (!flatArgs) return flatArgs.error();
  std::span<const ValType> coreParams = func.core.type().params();
  if (coreParams.size() != flatArgs->size()) {
    return usage("canon lift: the core function's type does not match the component type");
  }
  std::array<Value, FlatBuffer::kCapacity> coreArgs;
  toCoreValues(flatArgs->view(), coreParams, coreArgs);
  Result<std::vector<Value>> coreResults =
      func.core.call(env.store, std::span<const Value>(coreArgs.data(), coreParams.size()));
  if (!coreResults) return coreResults.error();
  Result<std::optional<cm::Val>> result =
      liftResult(cx, func.type, valuesToBits(*coreResults).view());
  if (!result) return result.error();
  SABLE_CANON_CHECK(callPostReturn(env, func, *coreResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
  return result;
}

}  // namespace

Result<std::optional<cm::Val>> callLifted(const CallEnv& env, const LiftedFunc& func,
                                          std::span<const cm::Val> args, InstanceState* caller,
                                          TrapStyle style) {
  SABLE_CANON_CHECK(enterInstance(*func.instance, caller));
  Result<std::optional<cm::Val>> result = runLifted(env, func, args, style);
  leaveInstance(*func.instance, caller);
  if (!result && result.error().kind == ErrorKind::Trap) func.instance->trapped = true;
  return result;
}

Result<void> callLowered(const CallEnv& env, const LoweredImport& import,
                         std::span<const Value> args, std::span<Value> results) {
  if (!import.instance->mayLeave) return trap("cannot leave component instance");
  CallScope scope;
  LiftLowerContext cx{env.store,     *import.types,   import.opts, *import.instance,
                      env.resources, env.hostHandles, &scope,      import.style};
  FlatBuffer bits = valuesToBits(args);
  FlatReader in(bits.view());
  Result<std::vector<cm::Val>> params = liftParams(cx, import.type, in);
  if (!params) return params.error();
  Result<std::optional<cm::Val>> result = import.callee(*params);
  if (!result) return result.error();
  bool resultInMemory =
      import.type.result && (*import.types)[*import.type.result].abi.flatCount > kMaxFlatResults;
  std::optional<uint32_t> outPtr;
  if (resultInMemory && bits.size() > 0) outPtr = static_cast<uint32_t>(bits.view().back());
  FlatBuffer flatResults;
  SABLE_CANON_CHECK(lowerResult(cx, import.type, *result, outPtr, flatResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
  if (flatResults.size() != results.size()) {
    return usage("canon lower: the core function's type does not match the component type");
  }
  // `results` arrive holding zeros of the core result types.
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Value::fromBits(results[i].type(), flatResults.view()[i], 0);
  }
  return {};
}

ComponentCallable guestToGuest(const CallEnv& env, const LiftedFunc& func, InstanceState* caller) {
  return [env, func, caller](std::span<const cm::Val> args) {
    return callLifted(env, func, args, caller, TrapStyle::Adapter);
  };
}

}  // namespace sable::canon
