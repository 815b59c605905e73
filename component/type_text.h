// A component type as WIT-like text ("func(key: string) -> option<string>"), with named types
// written out in full and resources as `resource`: what `sable validate` prints, and the form
// in which a host declares the type of a function it defines (Linker::defineFunc), so that two
// texts are equal exactly when the types are structurally equal.
#pragma once

#include <cstddef>
#include <string>

#include "component/format/component_def.h"

namespace sable::cm {

// Bounds the recursion of typeText over nested component/instance types.
constexpr int kMaxDescribeDepth = 32;

// How many type nodes one description may visit: shared subtrees (tuple<t, t> nested) would
// otherwise make the text exponential in the nesting.
constexpr size_t kDescribeBudget = 20000;

// Type `id` of `types` as text, at nesting `depth`, visiting at most `budget` nodes (it is
// decremented); "..." where the depth or the budget ran out.
std::string typeText(const format::TypeArena& types, format::TypeId id, int depth, size_t& budget);

// Type `id` of `types` as text, with a fresh budget.
std::string typeText(const format::TypeArena& types, format::TypeId id);

}  // namespace sable::cm
