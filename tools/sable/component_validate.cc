// `sable validate` for components (component_validate.h).
#include "component_validate.h"

#include <iostream>
#include <vector>

#include "cli_util.h"
#include "json_output.h"
#include "sable/component.h"

namespace sable::cli {
namespace {

// "  name: func(key: string) -> option<string>", with an instance's members indented below.
void printItem(const cm::ItemType& item, int indent) {
  std::cout << std::string(indent, ' ') << printableName(item.name) << ": ";
  if (item.kind == cm::ItemKind::Func || item.kind == cm::ItemKind::Type) {
    std::cout << escapeText(item.type) << '\n';
  } else {
    std::cout << cm::itemKindName(item.kind) << '\n';
  }
  for (const cm::ItemType& member : item.members) printItem(member, indent + 2);
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

}  // namespace

bool validateComponent(const Engine& engine, const std::string& path,
                       std::span<const uint8_t> bytes, bool quiet, bool json, bool& first) {
  Result<cm::Component> component = cm::Component::compile(engine, bytes);
  if (!component) {
    if (json) {
      printJsonLine(failureJson(path, errorJson(component.error())));
    } else {
      reportError(path, component.error().toString());
    }
    return false;
  }
  const std::vector<cm::ItemType> imports = component->imports();
  const std::vector<cm::ItemType> exports = component->exports();
  if (json) {
    printJsonLine(Json{{"file", path},
                       {"valid", true},
                       {"format", "component"},
                       {"imports", itemsJson(imports)},
                       {"exports", itemsJson(exports)}});
    return true;
  }
  if (quiet) return true;
  if (!first) std::cout << '\n';
  first = false;
  std::cout << path << ": valid component\n";
  std::cout << "imports: " << imports.size() << '\n';
  for (const cm::ItemType& item : imports) printItem(item, 2);
  std::cout << "exports: " << exports.size() << '\n';
  for (const cm::ItemType& item : exports) printItem(item, 2);
  return true;
}

}  // namespace sable::cli
