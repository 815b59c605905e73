// Component::compile and the import/export listing.
#include <cstring>

#include "component/component_impl.h"
#include "component/format/decoder.h"
#include "component/format/validator.h"
#include "component/format/wit_printer.h"
#include "component/item_types.h"

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

Result<Component> Component::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  Result<format::DecodedComponent> decoded = format::decodeComponent(engine, bytes);
  if (!decoded) return decoded.error();
  if (Result<void> valid = format::validateComponent(*decoded); !valid) return valid.error();
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
