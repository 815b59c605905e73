// The core function a canon lower makes (lowered_call.h).
#include "component/lowered_call.h"

#include <optional>
#include <utility>

#include "component/call_trace.h"
#include "sable/caller.h"

namespace sable::cm {

HostFunctionWithCaller loweredCallBody(RootState* root,
                                       std::shared_ptr<const canon::LoweredImport> import,
                                       CallTarget target) {
  return [root, import = std::move(import), target = std::move(target)](
             Caller& caller, std::span<const Value> args, std::span<Value> results) {
    Store& store = caller.store();
    ActiveStoreScope active(*root, store);
    canon::CallEnv env{store, root->resources, root->hostHandles};
    UnwindMark mark = markUnwind(store);
    Result<void> done = canon::callLowered(env, *import, args, results);
    if (!done) noteFailedCall(store, mark, target, done.error());
    return done;
  };
}

canon::ComponentCallable tracedLiftedCallee(RootState* root, const canon::LiftedFunc& callee,
                                            canon::InstanceState* caller, std::string function) {
  HostFunc call = [root, callee, caller](std::span<const Val> args,
                                         std::span<Val> results) -> Result<void> {
    Result<Store*> store = activeStore(*root);
    if (!store) return store.error();
    canon::CallEnv env{**store, root->resources, root->hostHandles};
    Result<std::optional<Val>> r =
        canon::callLifted(env, callee, args, caller, canon::TrapStyle::Adapter);
    if (!r) return r.error();
    if (*r && !results.empty()) results[0] = std::move(**r);
    return {};
  };
  HostFunc traced = tracedFunc(std::move(call), root->tracer, caller->path, callee.instance->path,
                               std::move(function));
  bool hasResult = callee.type.result.has_value();
  return [traced = std::move(traced),
          hasResult](std::span<const Val> args) -> Result<std::optional<Val>> {
    Val result;
    Result<void> r = traced(args, std::span<Val>(&result, hasResult ? 1 : 0));
    if (!r) return r.error();
    if (!hasResult) return std::optional<Val>();
    return std::optional<Val>(std::move(result));
  };
}

}  // namespace sable::cm
