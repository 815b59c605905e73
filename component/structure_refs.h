// IndexOrigins: what defines each entry of one component's index spaces, so that
// Component::structure() can say what feeds an instance's import in names ("export
// example:kv/kv-store of instance store") rather than indices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "component/format/component_def.h"
#include "sable/component_structure.h"

namespace sable::cm {

// The definitions behind the index spaces of one decoded component (which must outlive this).
class IndexOrigins {
 public:
  explicit IndexOrigins(const format::ComponentDef& def);

  // The entry `index` of `sort`, resolved through aliases and re-exports to what provides it.
  StructureRef ref(format::Sort sort, uint32_t index) const;
  // The component-name section's name for the entry, or "".
  const std::string& nameOf(format::Sort sort, uint32_t index) const;

 private:
  std::string source(format::Sort sort, uint32_t index, int depth) const;
  std::string sourceOf(const format::Definition& def, format::Sort sort, uint32_t index,
                       int depth) const;

  const format::ComponentDef& def_;
  std::vector<const format::Definition*> origins_[format::kSortCount];
};

}  // namespace sable::cm
