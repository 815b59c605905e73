// The runtime helpers generated code calls for operations too large to inline (VMBuiltins).
#pragma once

#include "abi/vm.h"

namespace sable {

// The helper table; each Engine keeps a copy and every VMContext points at its engine's.
const vm::VMBuiltins& runtimeBuiltins();

}  // namespace sable
