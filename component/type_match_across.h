// Comparing canonical ABI type descriptors of two root instantiations (two canon::TypeArenas),
// for linking one component instance's exports into another's imports: value types must be
// equal, and a handle on the importer's side must name the resource the provider's names.
#pragma once

#include <functional>
#include <string>

#include "component/canon/type_desc.h"
#include "sable/result.h"

namespace sable::cm {

// One side of a comparison: the arena its type ids come from.
struct TypeSide {
  const canon::TypeArena& types;
};

// The provider's resource type that the importer's `resource` stands for, or 0 when it stands
// for none (a resource that cannot cross between the two instances).
using ResourceCorrespondence = std::function<canon::ResourceTypeId(canon::ResourceTypeId)>;

// Checks that `provided` (the provider's function type) can stand where `expected` (the
// importer's declared type) is wanted. The error is Unlinkable and says where they differ
// ("parameter `key`: expected string, found u32").
Result<void> matchFuncTypes(TypeSide importer, const canon::FuncTypeDesc& expected,
                            TypeSide provider, const canon::FuncTypeDesc& provided,
                            const ResourceCorrespondence& resources);

}  // namespace sable::cm
