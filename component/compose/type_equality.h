// Whether two parts of a composition declare an import with the same type, so that one root
// import can feed both (type_encoder.h tracks resources as ResourceRefs: a resource the second
// part declares is the one the first declares at the same place).
#pragma once

#include "component/compose/type_encoder.h"
#include "component/format/component_def.h"
#include "sable/result.h"

namespace sable::cm::compose {

// One side of a comparison: a type of one part.
struct TypeInPart {
  const format::TypeArena& arena;
  format::TypeId id;
};

// Checks that `b` is the same type as `a` (structurally, export and field names and order
// included), binding each resource `b` declares to the ref of `a`'s resource at the same place;
// resources `b` only refers to must already be bound to the same ref as `a`'s. The error is
// Unlinkable and says where the types first differ ("export `get`: parameter 1").
Result<void> matchTypes(TypeInPart a, TypeInPart b, ResourceRefs& refs);

}  // namespace sable::cm::compose
