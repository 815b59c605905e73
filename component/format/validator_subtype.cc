// Structural matching of component types (Explainer.md "Subtyping"; wasmparser's and
// Wasmtime's messages, which the reference tests quote, guide the wording).
#include "component/format/validator_subtype.h"

#include <string>

namespace sable::cm::format {
namespace {

// Deeper than this, matching stops with a Limit error rather than risk the stack.
constexpr uint32_t kMaxMatchDepth = 512;

Error mismatch(std::string message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(message)};
}

bool isResource(TypeKind k) { return k == TypeKind::Resource || k == TypeKind::AbstractResource; }

// Fresh identities (ResourceEquivalence::fresh) lie beyond the arena; they are resources.
constexpr TypeId kFirstFreshId = 0x80000000u;

// Restores the depth counter however a match returns.
struct DepthGuard {
  uint32_t& depth;
  explicit DepthGuard(uint32_t& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
};

}  // namespace

TypeId ResourceEquivalence::find(TypeId type) const {
  TypeId t = type;
  for (auto it = parent_.find(t); it != parent_.end() && it->second != t; it = parent_.find(t)) {
    t = it->second;
  }
  if (t != type) parent_[type] = t;  // shorten the path for the next look-up
  return t;
}

void ResourceEquivalence::bind(TypeId a, TypeId b) {
  TypeId ra = find(a);
  TypeId rb = find(b);
  if (ra != rb) parent_[ra] = rb;
}

bool namesType(const TypeArena& types, const ResourceEquivalence& resources, TypeId name,
               TypeId used) {
  if (name == used) return true;
  if (used < types.size() && types.at(used).kind == TypeKind::Resource) return false;
  return resources.find(name) == resources.find(used);
}

Result<void> TypeMatcher::depthCheck() {
  if (depth_ > kMaxMatchDepth) {
    return Error{
        ErrorKind::Limit, Error::kNoOffset,
        "types nested too deeply to compare (limit " + std::to_string(kMaxMatchDepth) + ")"};
  }
  return {};
}

bool TypeMatcher::isResourceId(TypeId type) const {
  if (type >= kFirstFreshId) return true;
  return type < types_.size() && isResource(types_.at(type).kind);
}

TypeId TypeMatcher::renamed(const ResourceSubstitution* subst, TypeId type) const {
  TypeId rep = resources_.find(type);
  if (!subst) return rep;
  auto it = subst->find(rep);
  return it == subst->end() ? rep : resources_.find(it->second);
}

Result<void> TypeMatcher::resource(TypeId expected, TypeId found) {
  if (renamed(expectedSubst_, expected) == renamed(foundSubst_, found)) return {};
  return mismatch("resource types are not the same");
}

Result<void> TypeMatcher::optionalType(TypeId expected, TypeId found, const char* what) {
  if (expected == kNoType && found == kNoType) return {};
  if (expected == kNoType)
    return mismatch(std::string("expected ") + what + " type to not be present");
  if (found == kNoType) return mismatch(std::string("expected ") + what + " type, but found none");
  if (auto r = valueType(expected, found); !r) {
    return mismatch(std::string("type mismatch in ") + what + " variant: " + r.error().message);
  }
  return {};
}

Result<void> TypeMatcher::fields(const TypeDef& e, const TypeDef& f, const char* what) {
  if (e.fields.size() != f.fields.size()) {
    return mismatch("expected " + std::to_string(e.fields.size()) + " " + what + ", found " +
                    std::to_string(f.fields.size()));
  }
  for (size_t i = 0; i < e.fields.size(); ++i) {
    const Field& ef = e.fields[i];
    const Field& ff = f.fields[i];
    if (ef.name != ff.name) {
      return mismatch(std::string("expected ") + what + " named `" + ef.name + "`, found `" +
                      ff.name + "`");
    }
    if (ef.type == kNoType && ff.type == kNoType) continue;
    if (ef.type == kNoType) return mismatch("expected `" + ef.name + "` to have no type");
    if (ff.type == kNoType)
      return mismatch("expected `" + ef.name + "` to have a type, found none");
    if (auto r = valueType(ef.type, ff.type); !r) {
      std::string label = ef.name.empty() ? std::to_string(i) : "`" + ef.name + "`";
      return mismatch(std::string("type mismatch in ") + what + " " + label + ": " +
                      r.error().message);
    }
  }
  return {};
}

Result<void> TypeMatcher::valueType(TypeId expected, TypeId found) {
  DepthGuard guard(depth_);
  if (auto d = depthCheck(); !d) return d;
  if (expected == found) return {};
  if (expected >= kFirstFreshId || found >= kFirstFreshId) {
    bool bothResources = isResourceId(expected) && isResourceId(found);
    if (bothResources) return resource(expected, found);
    return mismatch("expected resource, found defined type");
  }
  if (expected >= types_.size() || found >= types_.size()) return {};  // unknown: no claim
  const TypeDef& e = types_.at(expected);
  const TypeDef& f = types_.at(found);
  if (isResource(e.kind) || isResource(f.kind)) {
    if (isResource(e.kind) && isResource(f.kind)) return resource(expected, found);
    return mismatch(std::string("expected ") + (isResource(e.kind) ? "resource" : "defined type") +
                    ", found " + (isResource(f.kind) ? "resource" : "defined type"));
  }
  if (isPrimitive(e.kind) && isPrimitive(f.kind)) {
    if (e.kind == f.kind) return {};
    return mismatch(std::string("expected primitive `") + typeKindName(e.kind) +
                    "` found primitive `" + typeKindName(f.kind) + "`");
  }
  if (isPrimitive(e.kind) != isPrimitive(f.kind) || e.kind != f.kind) {
    return mismatch(std::string("expected ") + typeKindName(e.kind) + ", found " +
                    typeKindName(f.kind));
  }
  switch (e.kind) {
    case TypeKind::Record:
      return fields(e, f, "field");
    case TypeKind::Tuple:
      return fields(e, f, "types");
    case TypeKind::Variant:
      return fields(e, f, "case");
    case TypeKind::Flags:
      if (auto r = fields(e, f, "flags"); !r) return mismatch("mismatch in flags elements");
      return {};
    case TypeKind::Enum:
      if (auto r = fields(e, f, "enum"); !r) return mismatch("mismatch in enum elements");
      return {};
    case TypeKind::List:
    case TypeKind::Option:
      return valueType(e.elem, f.elem);
    case TypeKind::Result:
      if (auto r = optionalType(e.elem, f.elem, "ok"); !r) return r;
      return optionalType(e.err, f.err, "err");
    case TypeKind::Own:
    case TypeKind::Borrow:
      return resource(e.elem, f.elem);
    default:
      return {};
  }
}

Result<void> TypeMatcher::funcType(TypeId expected, TypeId found) {
  if (expected == found) return {};
  if (expected >= types_.size() || found >= types_.size()) return {};
  const TypeDef& e = types_.at(expected);
  const TypeDef& f = types_.at(found);
  if (e.kind != TypeKind::Func || f.kind != TypeKind::Func) {
    return mismatch(std::string("expected func, found ") + typeKindName(f.kind));
  }
  if (e.fields.size() != f.fields.size()) {
    return mismatch("expected " + std::to_string(e.fields.size()) + " parameters, found " +
                    std::to_string(f.fields.size()));
  }
  for (size_t i = 0; i < e.fields.size(); ++i) {
    if (e.fields[i].name != f.fields[i].name) {
      return mismatch("expected parameter named `" + e.fields[i].name + "`, found `" +
                      f.fields[i].name + "`");
    }
    if (auto r = valueType(e.fields[i].type, f.fields[i].type); !r) {
      return mismatch("type mismatch in function parameter `" + e.fields[i].name +
                      "`: " + r.error().message);
    }
  }
  if (e.result.has_value() != f.result.has_value()) {
    return mismatch(e.result ? "expected a result, found none" : "expected no result, found one");
  }
  if (e.result) {
    if (auto r = valueType(*e.result, *f.result); !r) {
      return mismatch("type mismatch with result type: " + r.error().message);
    }
  }
  return {};
}

Result<void> TypeMatcher::externDesc(const ExternDesc& expected, const ExternDesc& found) {
  DepthGuard guard(depth_);
  if (auto d = depthCheck(); !d) return d;
  if (expected.sort != found.sort) {
    return mismatch(std::string("expected ") + sortName(expected.sort) + ", found " +
                    sortName(found.sort));
  }
  if (expected.type == kNoType || found.type == kNoType) return {};
  switch (expected.sort) {
    case Sort::Func:
      return funcType(expected.type, found.type);
    case Sort::Type:
      if (expected.bound == ExternDesc::Bound::SubResource) {
        if (!isResourceId(found.type)) {
          return mismatch("expected resource, found a " +
                          std::string(found.type < types_.size()
                                          ? typeKindName(types_.at(found.type).kind)
                                          : "type"));
        }
        if (bindSubResources_) resources_.bind(expected.type, renamed(foundSubst_, found.type));
        return {};
      }
      if (auto r = valueType(expected.type, found.type); !r) return r;
      // The importer's name now stands for it.
      resources_.bind(expected.type, renamed(foundSubst_, found.type));
      return {};
    case Sort::Instance:
      if (expected.type >= types_.size() || found.type >= types_.size()) return {};
      return instanceExports(types_.at(expected.type).exports, types_.at(found.type).exports);
    case Sort::Component:
      if (expected.type >= types_.size() || found.type >= types_.size()) return {};
      return componentType(expected.type, found.type);
    default:
      return {};  // core modules and values: not compared here
  }
}

Result<void> TypeMatcher::instanceExports(const std::vector<ExternDecl>& expected,
                                          const std::vector<ExternDecl>& found) {
  for (const ExternDecl& e : expected) {
    const ExternDecl* match = nullptr;
    for (const ExternDecl& f : found) {
      if (f.name.name == e.name.name) match = &f;
    }
    if (!match) return mismatch("missing expected export `" + e.name.name + "`");
    if (auto r = externDesc(e.desc, match->desc); !r) {
      if (r.error().kind != ErrorKind::Invalid) return r;
      return mismatch("type mismatch in instance export `" + e.name.name +
                      "`: " + r.error().message);
    }
  }
  return {};
}

Result<void> TypeMatcher::componentType(TypeId expected, TypeId found) {
  const TypeDef& e = types_.at(expected);
  const TypeDef& f = types_.at(found);
  // Contravariant imports: whatever `found` needs, `expected`'s importer promises to give.
  for (const ExternDecl& need : f.imports) {
    const ExternDecl* given = nullptr;
    for (const ExternDecl& g : e.imports) {
      if (g.name.name == need.name.name) given = &g;
    }
    if (!given) return mismatch("missing expected import `" + need.name.name + "`");
    if (auto r = externDesc(need.desc, given->desc); !r) {
      if (r.error().kind != ErrorKind::Invalid) return r;
      return mismatch("type mismatch in import `" + need.name.name + "`: " + r.error().message);
    }
  }
  for (const ExternDecl& want : e.exports) {
    const ExternDecl* has = nullptr;
    for (const ExternDecl& h : f.exports) {
      if (h.name.name == want.name.name) has = &h;
    }
    if (!has) return mismatch("missing expected export `" + want.name.name + "`");
    if (auto r = externDesc(want.desc, has->desc); !r) {
      if (r.error().kind != ErrorKind::Invalid) return r;
      return mismatch("type mismatch in export `" + want.name.name + "`: " + r.error().message);
    }
  }
  return {};
}

}  // namespace sable::cm::format
