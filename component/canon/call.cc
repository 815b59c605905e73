// canon lift and canon lower calls.
#include "component/canon/call.h"

#include <string>
#include <utility>

#include "component/canon/flat_values.h"
#include "component/canon/handle_transfer.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

// The instances a call from `caller` into `callee` enters: the callee and its ancestors that
// are not also the caller's (so a parent may call into its child: "donut wrapping").
std::vector<InstanceState*> enteringSet(InstanceState* callee, const InstanceState* caller) {
  std::vector<InstanceState*> set;
  for (InstanceState* s = callee; s; s = s->parent) {
    if (!caller || !s->isSelfOrAncestorOf(caller)) set.push_back(s);
  }
  return set;
}

Result<void> enter(const std::vector<InstanceState*>& set, const InstanceState& callee) {
  if (callee.trapped) {
    return trap("cannot enter component instance " + callee.path +
                " (it trapped earlier, so it is locked down)");
  }
  for (InstanceState* s : set) {
    if (!s->mayEnter) return trap("cannot enter component instance " + s->path + " (reentrance)");
  }
  for (InstanceState* s : set) s->mayEnter = false;
  return {};
}

void leave(const std::vector<InstanceState*>& set) {
  for (InstanceState* s : set) s->mayEnter = true;
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
  Result<std::vector<uint64_t>> flatArgs = lowerParams(cx, func.type, args);
  if (!flatArgs) return flatArgs.error();
  FlatSignature sig = func.types->flatten(func.type, FlatContext::Lift);
  std::vector<Value> coreArgs = bitsToValues(*flatArgs, sig.params);
  Result<std::vector<Value>> coreResults = func.core.call(env.store, coreArgs);
  if (!coreResults) return coreResults.error();
  Result<std::optional<cm::Val>> result = liftResult(cx, func.type, valuesToBits(*coreResults));
  if (!result) return result.error();
  SABLE_CANON_CHECK(callPostReturn(env, func, *coreResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
  return result;
}

}  // namespace

Result<std::optional<cm::Val>> callLifted(const CallEnv& env, const LiftedFunc& func,
                                          std::span<const cm::Val> args, InstanceState* caller,
                                          TrapStyle style) {
  std::vector<InstanceState*> entering = enteringSet(func.instance, caller);
  SABLE_CANON_CHECK(enter(entering, *func.instance));
  Result<std::optional<cm::Val>> result = runLifted(env, func, args, style);
  leave(entering);
  if (!result && result.error().kind == ErrorKind::Trap) func.instance->trapped = true;
  return result;
}

Result<void> callLowered(const CallEnv& env, const LoweredImport& import,
                         std::span<const Value> args, std::span<Value> results) {
  if (!import.instance->mayLeave) return trap("cannot leave component instance");
  CallScope scope;
  LiftLowerContext cx{env.store,     *import.types,   import.opts, *import.instance,
                      env.resources, env.hostHandles, &scope,      import.style};
  std::vector<uint64_t> bits = valuesToBits(args);
  FlatReader in(bits);
  Result<std::vector<cm::Val>> params = liftParams(cx, import.type, in);
  if (!params) return params.error();
  Result<std::optional<cm::Val>> result = import.callee(*params);
  if (!result) return result.error();
  FlatSignature sig = import.types->flatten(import.type, FlatContext::Lower);
  std::optional<uint32_t> outPtr;
  if (sig.resultsInMemory && !bits.empty()) outPtr = static_cast<uint32_t>(bits.back());
  std::vector<uint64_t> flatResults;
  SABLE_CANON_CHECK(lowerResult(cx, import.type, *result, outPtr, flatResults));
  SABLE_CANON_CHECK(endCallScope(env.hostHandles, scope));
  std::vector<Value> values = bitsToValues(flatResults, sig.results);
  if (values.size() != results.size()) return usage("lowered import: wrong number of results");
  for (size_t i = 0; i < values.size(); ++i) results[i] = values[i];
  return {};
}

ComponentCallable guestToGuest(const CallEnv& env, const LiftedFunc& func, InstanceState* caller) {
  return [env, &func, caller](std::span<const cm::Val> args) {
    return callLifted(env, func, args, caller, TrapStyle::Adapter);
  };
}

}  // namespace sable::canon
