// ItemType views (sable/component.h) of the imports and exports a component type declares:
// what Component::imports()/exports() and Component::structure() list.
#pragma once

#include <cstddef>
#include <vector>

#include "component/format/component_def.h"
#include "sable/component.h"

namespace sable::cm {

// How many type nodes one listing may visit: shared subtrees (tuple<t, t> nested) would
// otherwise make the text exponential in the nesting.
inline constexpr size_t kDescribeBudget = 20000;

// `decls` as ItemTypes, types in WIT-like text, instance and component members listed. Each
// type node visited takes one from `budget`; past it, types print as "...".
std::vector<ItemType> describeItems(const format::TypeArena& types,
                                    const std::vector<format::ExternDecl>& decls, size_t& budget);

}  // namespace sable::cm
