// The component-name section (name_section.h).
#include "component/format/name_section.h"

#include <optional>
#include <string>

namespace sable::cm::format {
namespace {

constexpr uint8_t kComponentNameSubsection = 0x00;
constexpr uint8_t kSortNamesSubsection = 0x01;

// sortnames ::= sort namemap; namemap ::= vec(idx:u32 name). Entries past the first malformed
// one are dropped; a repeated index keeps its first name.
void readSortNames(Decoder& d, BinaryReader& r, ComponentDef& def) {
  std::optional<Sort> sort = d.readSort(r);
  if (!sort) return;
  std::map<uint32_t, std::string>& names = def.sortNames[static_cast<size_t>(*sort)];
  // Each entry takes at least two bytes, so the count cannot outrun the subsection.
  uint32_t n = r.readCount("names", kMaxItemsPerVector, 2);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    uint32_t index = r.readU32Leb();
    std::string name = r.readName();
    if (r.ok()) names.emplace(index, std::move(name));
  }
}

}  // namespace

void readComponentNames(Decoder& d, BinaryReader& r, ComponentDef& def) {
  while (r.ok() && !r.atEnd()) {
    uint8_t id = r.readU8();
    uint32_t size = r.readU32Leb();
    if (!r.ok() || size > r.remaining()) return;
    BinaryReader sub(r.pos(), r.pos() + size, r.offset());
    r.readBytes(size);
    if (id == kComponentNameSubsection) {
      std::string name = sub.readName();
      if (sub.ok()) def.name = std::move(name);
    } else if (id == kSortNamesSubsection) {
      readSortNames(d, sub, def);
    }
  }
}

}  // namespace sable::cm::format
