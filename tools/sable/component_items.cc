// Component imports and exports for printing (component_items.h).
#include "component_items.h"

#include <string>

#include "cli_util.h"

namespace sable::cli {

void printItem(std::ostream& out, const cm::ItemType& item, int indent) {
  out << std::string(indent, ' ') << printableName(item.name) << ": ";
  if (item.kind == cm::ItemKind::Func || item.kind == cm::ItemKind::Type) {
    out << escapeText(item.type) << '\n';
  } else {
    out << cm::itemKindName(item.kind) << '\n';
  }
  for (const cm::ItemType& member : item.members) printItem(out, member, indent + 2);
}

Json itemJson(const cm::ItemType& item) {
  Json j{{"name", item.name}, {"kind", cm::itemKindName(item.kind)}, {"type", item.type}};
  if (!item.members.empty()) {
    Json members = Json::array();
    for (const cm::ItemType& m : item.members) members.push_back(itemJson(m));
    j["members"] = members;
  }
  return j;
}

Json itemsJson(const std::vector<cm::ItemType>& items) {
  Json list = Json::array();
  for (const cm::ItemType& item : items) list.push_back(itemJson(item));
  return list;
}

}  // namespace sable::cli
