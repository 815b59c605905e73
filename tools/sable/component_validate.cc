// `sable validate` for components (component_validate.h).
#include "component_validate.h"

#include <iostream>
#include <vector>

#include "cli_util.h"
#include "component_items.h"
#include "json_output.h"
#include "sable/component.h"

namespace sable::cli {

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
  for (const cm::ItemType& item : imports) printItem(std::cout, item, 2);
  std::cout << "exports: " << exports.size() << '\n';
  for (const cm::ItemType& item : exports) printItem(std::cout, item, 2);
  return true;
}

}  // namespace sable::cli
