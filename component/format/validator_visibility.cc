// External visibility of types (Explainer.md "External visibility"): what a component imports
// or exports may refer to nominal types (records, variants, enums, flags, resources) only when
// they have a name outside it, that is were themselves imported or exported before. Inside
// instance and component types the same holds for the types they declare.
#include <string>
#include <vector>

#include "component/format/validator_internal.h"

namespace sable::cm::format {
namespace {

// Instance and component types nest through their declarations; deeper than this is refused.
constexpr uint32_t kMaxScopeDepth = 128;

bool isScopeType(TypeKind k) { return k == TypeKind::Instance || k == TypeKind::Component; }

// The value types `def` refers to directly.
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

class VisibilityCheck {
 public:
  VisibilityCheck(const TypeArena& types, const ResourceEquivalence& resources, std::string message)
      : types_(types), resources_(resources), message_(std::move(message)) {}

  // A component type's declarations: imports see the types imported before them, exports the
  // types imported or exported before them; messages name each declaration's sort and side.
  Result<void> componentType(const TypeDef& def) {
    std::set<TypeId> named;
    for (const auto* decls : {&def.imports, &def.exports}) {
      const char* side = decls == &def.imports ? "import" : "export";
      for (const ExternDecl& decl : *decls) {
        message_ = std::string(sortName(decl.desc.sort)) + " not valid to be used as " + side;
        if (auto r = desc(decl.desc, named, 1); !r) return r;
        if (decl.desc.sort == Sort::Type) named.insert(decl.desc.type);
      }
    }
    return {};
  }

  Result<void> desc(const ExternDesc& d, const std::set<TypeId>& named, uint32_t depth) {
    if (d.type >= types_.size()) return {};
    const TypeDef& def = types_.at(d.type);
    if (isScopeType(def.kind)) return scope(def, named, depth + 1);
    if (d.sort != Sort::Func && d.sort != Sort::Type) return {};
    return valueTypes(def, named);
  }

 private:
  bool isNamed(TypeId t, const std::set<TypeId>& named) const {
    if (named.count(t)) return true;
    for (TypeId n : named) {
      if (namesType(types_, resources_, n, t)) return true;
    }
    return false;
  }

  // The nominal types reachable from `def` (not entering named ones) must all be named.
  Result<void> valueTypes(const TypeDef& def, const std::set<TypeId>& named) {
    std::vector<TypeId> work;
    std::set<TypeId> seen;
    children(def, work);
    while (!work.empty()) {
      TypeId t = work.back();
      work.pop_back();
      if (t >= types_.size() || !seen.insert(t).second) continue;
      const TypeDef& child = types_.at(t);
      if (isNominal(child.kind)) {
        if (!isNamed(t, named)) return invalidError(message_);
        continue;
      }
      children(child, work);
    }
    return {};
  }

  // An instance or component type: its declarations, each seeing the types declared before.
  Result<void> scope(const TypeDef& def, const std::set<TypeId>& outer, uint32_t depth) {
    if (depth > kMaxScopeDepth) {
      return Error{ErrorKind::Limit, Error::kNoOffset,
                   "instance and component types nested too deeply (limit " +
                       std::to_string(kMaxScopeDepth) + ")"};
    }
    std::set<TypeId> named = outer;
    for (const auto* decls : {&def.imports, &def.exports}) {
      for (const ExternDecl& decl : *decls) {
        if (auto r = desc(decl.desc, named, depth); !r) return r;
        if (decl.desc.sort == Sort::Type) named.insert(decl.desc.type);
      }
    }
    return {};
  }

  const TypeArena& types_;
  const ResourceEquivalence& resources_;
  std::string message_;
};

}  // namespace

Result<void> checkVisibility(const TypeArena& types, const ExternDesc& desc,
                             const std::set<TypeId>& named, const ResourceEquivalence& resources,
                             const char* what) {
  VisibilityCheck check(types, resources,
                        std::string(sortName(desc.sort)) + " not valid to be used as " + what);
  return check.desc(desc, named, 0);
}

Result<void> checkInstanceVisibility(const TypeArena& types, const std::vector<ExternDecl>& exports,
                                     const std::set<TypeId>& named,
                                     const ResourceEquivalence& resources, const char* what) {
  VisibilityCheck check(types, resources, std::string("instance not valid to be used as ") + what);
  for (const ExternDecl& e : exports) {
    if (auto r = check.desc(e.desc, named, 1); !r) return r;
  }
  return {};
}

Result<void> checkComponentTypeVisibility(const TypeArena& types, TypeId component,
                                          const ResourceEquivalence& resources) {
  if (component >= types.size() || types.at(component).kind != TypeKind::Component) return {};
  VisibilityCheck check(types, resources, "");
  return check.componentType(types.at(component));
}

void collectNamedTypes(const TypeArena& types, TypeId instanceOrComponent,
                       std::vector<TypeId>& out) {
  std::vector<TypeId> work{instanceOrComponent};
  std::set<TypeId> seen;
  while (!work.empty()) {
    TypeId t = work.back();
    work.pop_back();
    if (t >= types.size() || !seen.insert(t).second) continue;
    for (const ExternDecl& e : types.at(t).exports) {
      if (e.desc.sort == Sort::Type) out.push_back(e.desc.type);
      if (e.desc.sort == Sort::Instance) work.push_back(e.desc.type);
    }
  }
}

}  // namespace sable::cm::format
