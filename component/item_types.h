// ItemType views (sable/component.h) of the imports and exports a component type declares:
// what Component::imports()/exports() and Component::structure() list.
#pragma once

#include <cstddef>
#include <vector>

#include "component/format/component_def.h"
#include "component/type_text.h"  // kDescribeBudget
#include "sable/component.h"

namespace sable::cm {

// `decls` as ItemTypes, types in WIT-like text, instance and component members listed. Each
// type node visited takes one from `budget`; past it, types print as "...".
std::vector<ItemType> describeItems(const format::TypeArena& types,
                                    const std::vector<format::ExternDecl>& decls, size_t& budget);

}  // namespace sable::cm
