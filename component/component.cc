// Component::compile and the import/export listing.
#include <cstring>

#include "component/component_impl.h"
#include "component/format/decoder.h"
#include "component/format/validator.h"
#include "component/format/wit_printer.h"
#include "component/type_text.h"

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

using format::TypeArena;
using format::TypeId;
using format::TypeKind;

ItemKind itemKindOf(format::Sort sort) {
  switch (sort) {
    case format::Sort::Func:
      return ItemKind::Func;
    case format::Sort::Value:
      return ItemKind::Value;
    case format::Sort::Type:
      return ItemKind::Type;
    case format::Sort::Component:
      return ItemKind::Component;
    case format::Sort::Instance:
      return ItemKind::Instance;
    default:
      return ItemKind::CoreModule;
  }
}

ItemType describe(const TypeArena& types, const format::ExternName& name,
                  const format::ExternDesc& desc, int depth, size_t& budget) {
  ItemType item;
  item.name = name.name;
  item.kind = itemKindOf(desc.sort);
  item.type = typeText(types, desc.type, depth, budget);
  if (budget == 0) return item;
  --budget;
  if (desc.type != format::kNoType && depth < kMaxDescribeDepth) {
    const format::TypeDef& t = types.at(desc.type);
    if (t.kind == TypeKind::Instance || t.kind == TypeKind::Component) {
      for (const auto& e : t.imports)
        item.members.push_back(describe(types, e.name, e.desc, depth + 1, budget));
      for (const auto& e : t.exports)
        item.members.push_back(describe(types, e.name, e.desc, depth + 1, budget));
    }
  }
  return item;
}

}  // namespace

Result<Component> Component::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  Result<format::DecodedComponent> decoded = format::decodeComponent(engine, bytes);
  if (!decoded) return decoded.error();
  if (Result<void> valid = format::validateComponent(*decoded); !valid) return valid.error();
  auto impl = std::make_shared<Impl>(Impl{engine, std::move(*decoded)});
  return Component(std::move(impl));
}

std::vector<ItemType> Component::imports() const {
  std::vector<ItemType> out;
  size_t budget = kDescribeBudget;
  const TypeArena& types = *impl_->decoded.types;
  const format::TypeDef& t = types.at(impl_->decoded.root->type);
  for (const auto& e : t.imports) out.push_back(describe(types, e.name, e.desc, 0, budget));
  return out;
}

std::vector<ItemType> Component::exports() const {
  std::vector<ItemType> out;
  size_t budget = kDescribeBudget;
  const TypeArena& types = *impl_->decoded.types;
  const format::TypeDef& t = types.at(impl_->decoded.root->type);
  for (const auto& e : t.exports) out.push_back(describe(types, e.name, e.desc, 0, budget));
  return out;
}

std::string Component::witText() const {
  return format::printWit(*impl_->decoded.types, impl_->decoded.root->type);
}

const Engine& Component::engine() const { return impl_->engine; }

}  // namespace sable::cm
