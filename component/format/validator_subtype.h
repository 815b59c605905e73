// Type matching for validation (Explainer.md "Subtyping"): is a found type acceptable where an
// expected one is required (instantiation arguments, ascribed export types). Value types match
// structurally; resource types by identity, through the resource equivalences instantiation
// establishes (an imported `(sub resource)` bound to the argument's resource).
#pragma once

#include <string>
#include <unordered_map>

#include "component/format/component_def.h"
#include "sable/result.h"

namespace sable::cm::format {

// Resource identities known equal: a union-find over resource TypeIds. Binding is lenient by
// design: when one component type is instantiated twice, both arguments join one class, so an
// ambiguity accepts rather than rejects a component.
class ResourceEquivalence {
 public:
  // The representative of `type`'s class.
  TypeId find(TypeId type) const;
  // Records that `a` and `b` are the same resource.
  void bind(TypeId a, TypeId b);
  // A new resource identity, equal to nothing else (ids beyond any arena's).
  TypeId fresh() { return nextFresh_++; }

 private:
  mutable std::unordered_map<TypeId, TypeId> parent_;
  TypeId nextFresh_ = 0x80000000u;
};

// Whether the type index `name` (given by an import or export) names the type `used`: the same
// id, or one that matching made equivalent (a type import bound to its argument), unless `used`
// is a resource definition. A definition is named only by itself: an export names the new index
// it introduces, never retroactively the one passed in (Explainer.md "External visibility").
bool namesType(const TypeArena& types, const ResourceEquivalence& resources, TypeId name,
               TypeId used);

// Resource identities renamed for one instance: a component instantiated more than once gets
// fresh identities for the resources it defines (keyed by equivalence-class representative).
using ResourceSubstitution = std::unordered_map<TypeId, TypeId>;

// Checks `found` against `expected`, both ids of one arena. Errors are Invalid and say what
// differs ("expected u32, found tuple", "missing expected export `f`").
class TypeMatcher {
 public:
  TypeMatcher(const TypeArena& types, ResourceEquivalence& resources)
      : types_(types), resources_(resources) {}

  // Renames resources on either side before comparing them (nullptr: none).
  void substitute(const ResourceSubstitution* expected, const ResourceSubstitution* found) {
    expectedSubst_ = expected;
    foundSubst_ = found;
  }

  // Whether a `(sub resource)` bound binds the expected resource to the found one (true, for
  // instantiation) or only checks that it is a resource (for export ascription, which makes the
  // exported resource abstract).
  void bindSubResources(bool bind) { bindSubResources_ = bind; }

  // A value type (or resource) where `expected` is required.
  Result<void> valueType(TypeId expected, TypeId found);
  // A func type.
  Result<void> funcType(TypeId expected, TypeId found);
  // An extern description: same sort, then the type by sort. A `(sub resource)` bound accepts
  // any resource and binds the expected one to it.
  Result<void> externDesc(const ExternDesc& expected, const ExternDesc& found);
  // Instance types: every expected export must be present and match.
  Result<void> instanceExports(const std::vector<ExternDecl>& expected,
                               const std::vector<ExternDecl>& found);
  // Component types: found's imports must all be provided by expected's; exports as instances.
  Result<void> componentType(TypeId expected, TypeId found);

 private:
  Result<void> resource(TypeId expected, TypeId found);
  Result<void> fields(const TypeDef& e, const TypeDef& f, const char* what);
  Result<void> optionalType(TypeId expected, TypeId found, const char* what);
  Result<void> depthCheck();

  const TypeArena& types_;
  ResourceEquivalence& resources_;
  TypeId renamed(const ResourceSubstitution* subst, TypeId type) const;
  bool isResourceId(TypeId type) const;

  uint32_t depth_ = 0;
  bool bindSubResources_ = true;
  const ResourceSubstitution* expectedSubst_ = nullptr;
  const ResourceSubstitution* foundSubst_ = nullptr;
};

}  // namespace sable::cm::format
