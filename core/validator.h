// Validation of every function body of a decoded module (module-level rules are checked while
// decoding sections). The JIT does not call this: it validates while it compiles.
#pragma once

#include "core/module_info.h"
#include "sable/result.h"

namespace sable {

Result<void> validateFunctionBodies(const ModuleInfo& module);

}  // namespace sable
