// canon lift and canon lower calls.
#include "component/canon/call.h"

#include <array>
#include <string>
#include <utility>

#include "component/canon/flat_values.h"
#include "component/canon/guest_writer.h"
#include "component/canon/handle_transfer.h"
#include "component/canon/transfer.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

// Core values of `types` from flat bit patterns (sizes checked by the caller).
void toCoreValues(std::span<const uint64_t> bits, std::span<const ValType> types,
                  std::span<Value> out) {
  for (size_t i = 0; i < types.size(); ++i) out[i] = Value::fromBits(types[i], bits[i], 0);
}

// A lowered import's out-pointer (its last argument) when the result goes through memory.
std::optional<uint32_t> outPointer(const TypeArena& types, const FuncTypeDesc& type,
                                   const FlatBuffer& args) {
  bool inMemory = type.result && types[*type.result].abi.flatCount > kMaxFlatResults;
  if (!inMemory || args.size() == 0) return std::nullopt;
  return static_cast<uint32_t>(args.view().back());
}

// A lowered import's flat results as its core results (which arrive holding zeros of the core
// result types).
Result<void> toCoreResults(const FlatBuffer& flat, std::span<Value> results) {
  if (flat.size() != results.size()) {
    return usage("canon lower: the core function's type does not match the component type");
  }
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = Value::fromBits(results[i].type(), flat.view()[i], 0);
  }
  return {};
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
  if (!flatArgs) {
    rollBackLowering(cx);
    return flatArgs.error();
  }
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

// Moves a guest-to-guest call's arguments into the callee: flat, or as a tuple in memory
// allocated with the callee's realloc (one pointer).
Result<FlatBuffer> transferParams(Transfer& t, const LiftLowerContext& caller,
                                  LiftLowerContext& callee, const FuncTypeDesc& type,
                                  FlatReader& in) {
  FlatBuffer flat;
  if (callee.types.paramFlatCount(type) <= kMaxFlatParams) {
    for (const FieldDesc& p : type.params) SABLE_CANON_CHECK(t.flat(in, p.type, flat));
    return flat;
  }
  AbiInfo tuple = callee.types.paramTupleAbi(type);
  auto from = static_cast<uint32_t>(in.next());
  if (Result<void> r = checkRange(caller, from, tuple.align, tuple.size, "parameter"); !r) {
    return t.fromSource(r.error());
  }
  Result<uint32_t> to = allocate(callee, tuple.align, tuple.size);
  if (!to) return t.fromDestination(to.error());
  if (Result<void> r = checkAllocation(callee, *to, tuple.align, tuple.size, "parameter"); !r) {
    return t.fromDestination(r.error());
  }
  for (size_t i = 0; i < type.params.size(); ++i) {
    uint32_t offset = tuple.fieldOffsets[i];
    SABLE_CANON_CHECK(t.inMemory(from + uint64_t{offset}, type.params[i].type, *to + offset));
  }
  flat.push(*to);
  return flat;
}

// Moves a guest-to-guest call's result back to the caller: flat, or from the callee's result
// pointer to the caller's out-pointer.
Result<void> transferResult(Transfer& t, const LiftLowerContext& callee,
                            const LiftLowerContext& caller, const FuncTypeDesc& type,
                            std::span<const uint64_t> coreResults, std::optional<uint32_t> outPtr,
                            FlatBuffer& out) {
  if (!type.result) return {};
  const AbiInfo& abi = callee.types[*type.result].abi;
  FlatReader in(coreResults);
  if (abi.flatCount <= kMaxFlatResults) return t.flat(in, *type.result, out);
  auto from = static_cast<uint32_t>(in.next());
  if (Result<void> r = checkRange(callee, from, abi.align, abi.size, "result"); !r) {
    return t.fromSource(r.error());
  }
  if (!outPtr) return t.fromDestination(usage("a result passed in memory needs an out-pointer"));
  if (Result<void> r = checkRange(caller, *outPtr, abi.align, abi.size, "result"); !r) {
    return t.fromDestination(r.error());
  }
  return t.inMemory(from, *type.result, *outPtr);
}

// The contexts of one guest-to-guest call and whether its failure is the callee's (which then
// locks the callee down).
struct DirectCall {
  DirectCall(const CallEnv& e, const LoweredImport& i, const LiftedFunc& c)
      : env(e), import(i), callee(c) {}

  const CallEnv& env;
  const LoweredImport& import;
  const LiftedFunc& callee;
  CallScope callerScope;
  CallScope calleeScope;
  LiftLowerContext callerCx{env.store,     *import.types,   import.opts,  *import.instance,
                            env.resources, env.hostHandles, &callerScope, import.style};
  LiftLowerContext calleeCx{env.store,     *callee.types,   callee.opts,  *callee.instance,
                            env.resources, env.hostHandles, &calleeScope, TrapStyle::Adapter};
  bool calleeFault = false;

  // Runs the call between entering and leaving the callee.
  Result<void> run(std::span<const Value> args, std::span<Value> results);
  // The core call and its post-return, with the result moved to `flatResults` in between.
  Result<void> callCore(const FlatBuffer& flatArgs, std::optional<uint32_t> outPtr,
                        FlatBuffer& flatResults);
};

Result<void> DirectCall::callCore(const FlatBuffer& flatArgs, std::optional<uint32_t> outPtr,
                                  FlatBuffer& flatResults) {
  std::span<const ValType> coreParams = callee.core.type().params();
  if (coreParams.size() != flatArgs.size()) {
    return usage("canon lift: the core function's type does not match the component type");
  }
  std::array<Value, FlatBuffer::kCapacity> coreArgs;
  toCoreValues(flatArgs.view(), coreParams, coreArgs);
  calleeFault = true;
  Result<std::vector<Value>> coreResults =
      callee.core.call(env.store, std::span<const Value>(coreArgs.data(), coreParams.size()));
  if (!coreResults) return coreResults.error();
  Transfer back(calleeCx, callerCx);
  Result<void> moved = transferResult(back, calleeCx, callerCx, callee.type,
                                      valuesToBits(*coreResults).view(), outPtr, flatResults);
  calleeFault = !moved && back.failed() == TransferSide::Source;
  if (!moved) return moved;
  calleeFault = true;
  SABLE_CANON_CHECK(callPostReturn(env, callee, *coreResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, calleeScope));
  calleeFault = false;
  return {};
}

Result<void> DirectCall::run(std::span<const Value> args, std::span<Value> results) {
  FlatBuffer bits = valuesToBits(args);
  FlatReader in(bits.view());
  Transfer there(callerCx, calleeCx);
  Result<FlatBuffer> flatArgs = transferParams(there, callerCx, calleeCx, callee.type, in);
  if (!flatArgs) {
    calleeFault = there.failed() == TransferSide::Destination;
    return flatArgs.error();
  }
  std::optional<uint32_t> outPtr = outPointer(*callee.types, callee.type, bits);
  FlatBuffer flatResults;
  SABLE_CANON_CHECK(callCore(*flatArgs, outPtr, flatResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, callerScope));
  return toCoreResults(flatResults, results);
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
  if (import.direct) return callDirect(env, import, args, results);
  CallScope scope;
  LiftLowerContext cx{env.store,     *import.types,   import.opts, *import.instance,
                      env.resources, env.hostHandles, &scope,      import.style};
  // A host callee gets views of the guest's strings and integer lists: the arguments die before
  // this instance runs again (another instance's callee is lowered into with realloc, which
  // gets copies).
  cx.borrowMemory = import.style == TrapStyle::Host;
  FlatBuffer bits = valuesToBits(args);
  FlatReader in(bits.view());
  LiftedArgs params;
  SABLE_CANON_CHECK(liftParams(cx, import.type, in, params));
  std::optional<uint32_t> outPtr = outPointer(*import.types, import.type, bits);
  FlatBuffer flatResults;
  if (import.hostDirect) {
    // A typed host function lowers its C++ result itself (its values hold no handles).
    CanonGuestWriter out(cx, import.type, outPtr, flatResults);
    SABLE_CANON_CHECK(import.hostDirect(params.view(), out));
    SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
    return toCoreResults(flatResults, results);
  }
  Result<std::optional<cm::Val>> result = import.callee(params.view());
  if (!result) return result.error();
  if (Result<void> lowered = lowerResult(cx, import.type, *result, outPtr, flatResults); !lowered) {
    rollBackLowering(cx);
    return lowered;
  }
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
  return toCoreResults(flatResults, results);
}

Result<void> callDirect(const CallEnv& env, const LoweredImport& import,
                        std::span<const Value> args, std::span<Value> results) {
  const LiftedFunc& callee = *import.direct;
  SABLE_CANON_CHECK(enterInstance(*callee.instance, import.instance));
  DirectCall call(env, import, callee);
  Result<void> done = call.run(args, results);
  leaveInstance(*callee.instance, import.instance);
  if (!done && done.error().kind == ErrorKind::Trap && call.calleeFault) {
    callee.instance->trapped = true;
  }
  return done;
}

}  // namespace sable::canon
