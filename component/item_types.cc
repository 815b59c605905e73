// ItemType listings of component types (item_types.h).
#include "component/item_types.h"

#include <string>

#include "component/type_text.h"

namespace sable::cm {
namespace {

using format::TypeArena;
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

std::vector<ItemType> describeItems(const format::TypeArena& types,
                                    const std::vector<format::ExternDecl>& decls, size_t& budget) {
  std::vector<ItemType> out;
  for (const auto& e : decls) out.push_back(describe(types, e.name, e.desc, 0, budget));
  return out;
}

}  // namespace sable::cm
