#include "core/module_info.h"

#include <algorithm>

#include "core/binary_reader.h"

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

std::vector<CustomSection> ModuleInfo::customSections() const {
  std::vector<CustomSection> sections;
  constexpr size_t kHeaderBytes = 8;  // magic and version
  if (bytes.size() < kHeaderBytes) return sections;
  // The decoder accepted these bytes, so the walk only has to find the section boundaries.
  BinaryReader r(bytes.data() + kHeaderBytes, bytes.data() + bytes.size(), kHeaderBytes);
  while (r.ok() && !r.atEnd()) {
    const uint8_t id = r.readU8();
    const uint32_t size = r.readU32Leb();
    if (!r.ok() || size > r.remaining()) break;
    if (id == 0) {
      BinaryReader payload(r.pos(), r.pos() + size, r.offset());
      CustomSection c;
      c.name = payload.readName();
      if (!payload.ok()) break;
      c.offset = static_cast<uint32_t>(payload.offset());
      c.size = static_cast<uint32_t>(payload.remaining());
      sections.push_back(std::move(c));
    }
    r.readBytes(size);
  }
  return sections;
}

}  // namespace sable
