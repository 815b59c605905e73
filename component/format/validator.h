// The component validator (Binary.md's validation rules): run by Component::compile after
// decodeComponent, on the decoded definitions. The decoder already checked the encoding, index
// ranges and sorts; this checks names, type rules (max value size, borrows in results, labels),
// canon options and core signatures, instantiation argument types, export ascriptions, the
// external visibility of types, and resource rules.
#pragma once

#include "component/format/component_def.h"
#include "sable/result.h"

namespace sable::cm::format {

// Validates a decoded component binary. Errors are Invalid (with the offset of the offending
// definition when known) or Limit (types nested too deeply to compare).
Result<void> validateComponent(const DecodedComponent& decoded);

}  // namespace sable::cm::format
