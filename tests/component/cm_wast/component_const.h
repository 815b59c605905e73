// Component values as the reference tests write them: `(u32.const 1)`, `(str.const "a")`,
// `(record.const (field "a" u32.const 1))`, `(variant.const "c" (u8.const 0))`, ...
#pragma once

#include "sable/component_val.h"
#include "sable/result.h"
#include "sexpr.h"

namespace sable::cmwast {

// The cm::Val a constant form stands for. Errors (Malformed) name the form that is wrong.
Result<cm::Val> constToVal(const SExpr& form);

}  // namespace sable::cmwast
