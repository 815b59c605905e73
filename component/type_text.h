// A component type as WIT-like text ("func(key: string) -> option<string>"), with named types
// written out in full and resources as `resource`: what `sable validate` prints, and the form
// in which a host declares the type of a function it defines (Linker::defineFunc), so that two
// texts are equal exactly when the types are structurally equal.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

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

// The texts of one arena's types, each rendered once and then shared: a component keeps one so
// that typed host definitions (Linker::defineFunc) are compared with an import's type without
// rendering it again at every instantiation. Safe to use from several threads.
class TypeTextCache {
 public:
  // typeText(types, id), rendered on first use. The reference stays valid as long as the cache.
  const std::string& text(const format::TypeArena& types, format::TypeId id);

 private:
  std::mutex mutex_;
  std::unordered_map<format::TypeId, std::string> texts_;
};

}  // namespace sable::cm
