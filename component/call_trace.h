// Reporting the calls that leave a component instance (to the host or to a linked instance) to
// the embedder's CallTracer (Linker::setCallTracer).
#pragma once

#include <string>

#include "sable/component_linker.h"

namespace sable::cm {

// `fn`, reporting each call to `tracer` as one from instance `caller` to `callee`'s
// `function`, with its arguments, results or error, and how long it took.
HostFunc tracedFunc(HostFunc fn, CallTracer tracer, std::string caller, std::string callee,
                    std::string function);

}  // namespace sable::cm
