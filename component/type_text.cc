// Component types as WIT-like text.
#include "component/type_text.h"

namespace sable::cm {

using format::TypeArena;
using format::TypeId;
using format::TypeKind;

namespace {

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

}  // namespace

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

std::string typeText(const TypeArena& types, TypeId id) {
  size_t budget = kDescribeBudget;
  return typeText(types, id, 0, budget);
}

const std::string& TypeTextCache::text(const TypeArena& types, TypeId id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = texts_.find(id);
  if (it == texts_.end()) it = texts_.emplace(id, typeText(types, id)).first;
  return it->second;
}

}  // namespace sable::cm
