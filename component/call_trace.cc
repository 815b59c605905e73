// tracedFunc (call_trace.h).
#include "component/call_trace.h"

#include <utility>

namespace sable::cm {

HostFunc tracedFunc(HostFunc fn, CallTracer tracer, std::string caller, std::string callee,
                    std::string function) {
  return [fn = std::move(fn), tracer = std::move(tracer), caller = std::move(caller),
          callee = std::move(callee), function = std::move(function)](
             std::span<const Val> args, std::span<Val> results) -> Result<void> {
    auto start = std::chrono::steady_clock::now();
    Result<void> r = fn(args, results);
    TracedCall call;
    call.caller = caller;
    call.callee = callee;
    call.function = function;
    call.args = args;
    if (r) call.results = results;
    call.error = r ? nullptr : &r.error();
    call.duration = std::chrono::steady_clock::now() - start;
    tracer(call);
    return r;
  };
}

}  // namespace sable::cm
