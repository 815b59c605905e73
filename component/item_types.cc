// ItemType listings of component types (item_types.h).
#include "component/item_types.h"

#include <string>

namespace sable::cm {
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

// Bounds the recursion of typeText over nested component/instance types.
constexpr int kMaxDescribeDepth = 32;

std::string typeText(const TypeArena& types, TypeId id, int depth, size_t& budget);

std::string typeList(const TypeArena& types, const std::vector<format::Field>& fields, int depth,
                     bool named, size_t& budget) {
  std::string s;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) s += ", ";
    if (named) s += fields[i].name;
    if (named && fields[i].type != format::kNoType) s += ": ";
    if (fields[i].type != format::kNoType) s += typeText(types, fields[i].type, depth + 1, budget);
  }
  return s;
}

std::string typeText(const TypeArena& types, TypeId id, int depth, size_t& budget) {
  if (id == format::kNoType || id >= types.size()) return "?";
  if (depth > kMaxDescribeDepth || budget == 0) return "...";
  --budget;
  const format::TypeDef& t = types.at(id);
  auto sub = [&](TypeId x) { return typeText(types, x, depth + 1, budget); };
  switch (t.kind) {
    case TypeKind::Record:
      return "record { " + typeList(types, t.fields, depth, true, budget) + " }";
    case TypeKind::Variant:
      return "variant { " + typeList(types, t.fields, depth, true, budget) + " }";
    case TypeKind::Enum:
      return "enum { " + typeList(types, t.fields, depth, true, budget) + " }";
    case TypeKind::Flags:
      return "flags { " + typeList(types, t.fields, depth, true, budget) + " }";
    case TypeKind::Tuple:
      return "tuple<" + typeList(types, t.fields, depth, false, budget) + ">";
    case TypeKind::List:
      return "list<" + sub(t.elem) + ">";
    case TypeKind::Option:
      return "option<" + sub(t.elem) + ">";
    case TypeKind::Result: {
      if (t.elem == format::kNoType && t.err == format::kNoType) return "result";
      std::string ok = t.elem == format::kNoType ? "_" : sub(t.elem);
      return t.err == format::kNoType ? "result<" + ok + ">"
                                      : "result<" + ok + ", " + sub(t.err) + ">";
    }
    case TypeKind::Own:
      return "own<resource>";
    case TypeKind::Borrow:
      return "borrow<resource>";
    case TypeKind::Func:
      return "func(" + typeList(types, t.fields, depth, true, budget) + ")" +
             (t.result ? " -> " + sub(*t.result) : "");
    case TypeKind::AbstractResource:
    case TypeKind::Resource:
      return "resource";
    default:
      return format::typeKindName(t.kind);
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
