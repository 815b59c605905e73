#include "core/module_info.h"

#include <algorithm>

namespace sable {

const std::string* NameSection::functionName(uint32_t index) const {
  auto it = std::lower_bound(functionNames.begin(), functionNames.end(), index,
                             [](const auto& entry, uint32_t i) { return entry.first < i; });
  if (it == functionNames.end() || it->first != index) return nullptr;
  return &it->second;
}

uint64_t ModuleInfo::codeSize() const {
  uint64_t total = 0;
  for (const FunctionBody& b : bodies) total += b.size;
  return total;
}

}  // namespace sable
