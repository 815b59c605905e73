// Which resource types a type refers to, for the outer-alias rule (Explainer.md "Alias
// Definitions"): a type that transitively refers to a resource may not be outer-aliased across a
// component boundary, since resource types are generative and could not be substituted inline.
#pragma once

#include "component/format/component_def.h"

namespace sable::cm::format {

// Whether `type` refers, anywhere inside it, to a resource that it does not declare itself: a
// resource a component defines, or an abstract one that no instance or component type inside
// `type` declares with `(sub resource)`. Walks with an explicit stack, so hostile nesting cannot
// overflow the native one.
bool refersToForeignResources(const TypeArena& types, TypeId type);

}  // namespace sable::cm::format
