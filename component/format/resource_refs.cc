// The resources a type refers to (resource_refs.h).
#include "component/format/resource_refs.h"

#include <set>
#include <vector>

namespace sable::cm::format {
namespace {

// Calls `visit` on every type reachable from `type` until it returns true; whether it did.
template <typename Visit>
bool anyReachable(const TypeArena& types, TypeId type, Visit visit) {
  std::vector<TypeId> work{type};
  std::set<TypeId> seen;
  while (!work.empty()) {
    TypeId t = work.back();
    work.pop_back();
    if (t >= types.size() || !seen.insert(t).second) continue;
    const TypeDef& def = types.at(t);
    if (visit(t, def)) return true;
    for (const auto* decls : {&def.imports, &def.exports}) {
      for (const ExternDecl& d : *decls) work.push_back(d.desc.type);
    }
    for (const Field& f : def.fields) work.push_back(f.type);
    if (def.result) work.push_back(*def.result);
    work.push_back(def.elem);
    work.push_back(def.err);
  }
  return false;
}

}  // namespace

bool refersToForeignResources(const TypeArena& types, TypeId type) {
  // First the abstract resources that instance and component types inside `type` declare.
  std::set<TypeId> declared;
  anyReachable(types, type, [&](TypeId, const TypeDef& def) {
    for (const auto* decls : {&def.imports, &def.exports}) {
      for (const ExternDecl& d : *decls) {
        if (d.desc.bound == ExternDesc::Bound::SubResource) declared.insert(d.desc.type);
      }
    }
    return false;
  });
  return anyReachable(types, type, [&](TypeId t, const TypeDef& def) {
    return def.kind == TypeKind::Resource ||
           (def.kind == TypeKind::AbstractResource && !declared.count(t));
  });
}

}  // namespace sable::cm::format
