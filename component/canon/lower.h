// Lowering: cm::Val to core values and linear memory (CanonicalABI.md "Storing", "Flat
// Lowering"). A value that does not match its type is an ErrorKind::Usage error naming both.
#pragma once

#include <cstdint>
#include <vector>

#include "component/canon/context.h"
#include "sable/component_val.h"

namespace sable::canon {

// lower_flat: appends the flat values of `v` (of type `t`) to `out` as bit patterns (i32 and
// f32 zero-extended).
Result<void> lowerFlat(LiftLowerContext& cx, const cm::Val& v, TypeId t,
                       std::vector<uint64_t>& out);
// store: writes `v` (of type `t`) at `ptr`, which is aligned and in bounds.
Result<void> store(LiftLowerContext& cx, const cm::Val& v, TypeId t, uint64_t ptr);

}  // namespace sable::canon
