// External visibility of types (Explainer.md "External visibility"): what a component imports
// or exports may refer to nominal types (records, variants, enums, flags, resources) only when
// they have a name outside it, that is were themselves imported or exported before.
#include <vector>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

bool isNominal(TypeKind k) {
  return k == TypeKind::Record || k == TypeKind::Variant || k == TypeKind::Enum ||
         k == TypeKind::Flags || k == TypeKind::Resource || k == TypeKind::AbstractResource;
}

// The types `def` refers to directly. Component and instance types carry their own names and
// are not entered.
void children(const TypeDef& def, std::vector<TypeId>& out) {
  switch (def.kind) {
    case TypeKind::Record:
    case TypeKind::Variant:
    case TypeKind::Tuple:
    case TypeKind::Func:
      for (const Field& f : def.fields) {
        if (f.type != kNoType) out.push_back(f.type);
      }
      if (def.result) out.push_back(*def.result);
      break;
    case TypeKind::List:
    case TypeKind::Option:
    case TypeKind::Own:
    case TypeKind::Borrow:
      out.push_back(def.elem);
      break;
    case TypeKind::Result:
      if (def.elem != kNoType) out.push_back(def.elem);
      if (def.err != kNoType) out.push_back(def.err);
      break;
    default:
      break;
  }
}

}  // namespace

Result<void> checkVisibility(const TypeArena& types, const ExternDesc& desc,
                             const std::set<TypeId>& named, const ResourceEquivalence& resources,
                             const char* what) {
  if (desc.type >= types.size()) return {};
  if (desc.sort != Sort::Func && desc.sort != Sort::Type) return {};
  auto isNamed = [&](TypeId t) {
    if (named.count(t)) return true;
    for (TypeId n : named) {
      if (resources.find(n) == resources.find(t)) return true;
    }
    return false;
  };
  // An explicit stack and a visited set: no recursion on hostile nesting, each type once.
  std::vector<TypeId> work;
  std::set<TypeId> seen;
  children(types.at(desc.type), work);
  while (!work.empty()) {
    TypeId t = work.back();
    work.pop_back();
    if (t >= types.size() || !seen.insert(t).second) continue;
    const TypeDef& def = types.at(t);
    if (isNominal(def.kind) && !isNamed(t)) {
      return invalidError(std::string(sortName(desc.sort)) + " not valid to be used as " + what);
    }
    if (!isNominal(def.kind)) children(def, work);
  }
  return {};
}

}  // namespace sable::cm::format
