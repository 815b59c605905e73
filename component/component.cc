// Component::compile and the import/export listing.
#include <cstring>
#include <optional>
#include <string>
#include <variant>

#include "component/component_impl.h"
#include "component/format/decoder.h"
#include "component/format/validator.h"
#include "component/format/wit_printer.h"
#include "component/item_types.h"
#include "runtime/module_impl.h"

namespace sable::cm {

bool isComponentBinary(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kPreamble[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  return bytes.size() >= 8 && std::memcmp(bytes.data(), kPreamble, 8) == 0;
}

const char* itemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::CoreModule:
      return "core module";
    case ItemKind::Func:
      return "func";
    case ItemKind::Value:
      return "value";
    case ItemKind::Type:
      return "type";
    case ItemKind::Component:
      return "component";
    case ItemKind::Instance:
      return "instance";
  }
  return "?";
}

namespace {

// Lists the core modules of `def` and of its nested components in the engine's perf map, each
// function named after the path of its part: "stack/logger/main!func[7]", so that a profile of a
// composed stack tells its parts apart. A part's segment is its name in its parent's
// component-name section, else its own, else its index.
void listForPerf(const format::ComponentDef& def, const std::string& prefix) {
  uint32_t next[format::kSortCount] = {};
  for (const format::Definition& d : def.definitions) {
    std::optional<format::Sort> sort = format::definitionSort(d);
    uint32_t index = sort ? next[static_cast<size_t>(*sort)]++ : 0;
    if (const auto* m = std::get_if<format::CoreModuleDef>(&d)) {
      detail::listModuleForPerf(m->module, prefix);
    } else if (const auto* c = std::get_if<format::NestedComponentDef>(&d)) {
      const format::ComponentDef& child = *def.components.at(c->child);
      const auto& names = def.sortNames[static_cast<size_t>(format::Sort::Component)];
      auto named = names.find(index);
      std::string segment = named != names.end()  ? named->second
                            : !child.name.empty() ? child.name
                                                  : std::to_string(index);
      listForPerf(child, prefix + segment + "/");
    }
  }
}

}  // namespace

Result<Component> Component::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  Result<format::DecodedComponent> decoded = format::decodeComponent(engine, bytes);
  if (!decoded) return decoded.error();
  if (Result<void> valid = format::validateComponent(*decoded); !valid) return valid.error();
  const format::ComponentDef& root = *decoded->root;
  if (engine.config().perfMap) listForPerf(root, root.name.empty() ? "" : root.name + "/");
  auto impl = std::shared_ptr<Impl>(new Impl{engine, std::move(*decoded), {}});
  return Component(std::move(impl));
}

std::vector<ItemType> Component::imports() const {
  size_t budget = kDescribeBudget;
  const format::TypeArena& types = *impl_->decoded.types;
  return describeItems(types, types.at(impl_->decoded.root->type).imports, budget);
}

std::vector<ItemType> Component::exports() const {
  size_t budget = kDescribeBudget;
  const format::TypeArena& types = *impl_->decoded.types;
  return describeItems(types, types.at(impl_->decoded.root->type).exports, budget);
}

std::string Component::witText() const {
  return format::printWit(*impl_->decoded.types, impl_->decoded.root->type);
}

const Engine& Component::engine() const { return impl_->engine; }

}  // namespace sable::cm
