// Converting decoded types (format::TypeArena) into the canonical ABI's descriptors
// (canon::TypeArena), with own/borrow resolved to the resource types an instantiation bound.
#pragma once

#include "component/runtime_env.h"

namespace sable::cm {

// The descriptor of value type `id` as seen from `env` (memoised in env.converted). Unbound
// resources are an Unlinkable error; nesting deeper than canon::kMaxTypeDepth a Limit error.
Result<canon::TypeId> convertValType(RootState& root, RuntimeEnv& env, format::TypeId id);

// The descriptor of function type `id` as seen from `env`.
Result<canon::FuncTypeDesc> convertFuncType(RootState& root, RuntimeEnv& env, format::TypeId id);

}  // namespace sable::cm
