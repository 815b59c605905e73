// The core function a `canon lower` makes: what a component instance's core code calls to leave
// the instance (for the host or another instance), with the failure noted in the chain of
// component calls (trap_chain.h), and the calls between a root's nested instances reported to
// the linker's call tracer when one is set.
#pragma once

#include <memory>
#include <string>

#include "component/canon/call.h"
#include "component/runtime_env.h"
#include "component/trap_chain.h"
#include "sable/func.h"

namespace sable::cm {

// The body of the core function lowering `import` in `root`: canon::callLowered, a failure
// noted as a failed call of `target`.
HostFunctionWithCaller loweredCallBody(RootState* root,
                                       std::shared_ptr<const canon::LoweredImport> import,
                                       CallTarget target);

// The callee of a lowered import whose function `function` is `callee`, lifted in another
// instance of `root`, when root.tracer is set: called through component values (lifted out of
// `caller`, lowered into the callee) so the tracer sees them, and reported as a call from
// caller's path to the callee's.
canon::ComponentCallable tracedLiftedCallee(RootState* root, const canon::LiftedFunc& callee,
                                            canon::InstanceState* caller, std::string function);

}  // namespace sable::cm
