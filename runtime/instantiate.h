// Instantiation: turning a Module plus resolved imports into an Instance in a Store.
#pragma once

#include <span>

#include "sable/extern.h"
#include "sable/instance.h"
#include "sable/module.h"
#include "sable/result.h"

namespace sable {

class Store;

namespace detail {

// Instantiates `module` with `imports` (one per module import, in order), following the spec:
// import type matching (ErrorKind::Unlinkable), globals, memories and tables, active element
// then data segments in order (the first out-of-bounds one fails with ErrorKind::Trap, earlier
// writes stay), then the start function.
Result<Instance> instantiate(Store& store, const Module& module, std::span<const Extern> imports);

}  // namespace detail
}  // namespace sable
