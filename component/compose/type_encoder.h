// Re-encoding the types of a decoded component (its TypeArena) in the type index space of
// another component: how a composition re-declares its parts' imports at its root. Value, function
// and instance types are written out structurally; resources are the one thing with identity,
// so each is tracked as a ResourceRef and reached from inside an instance type by an outer
// alias to the root index that stands for it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "component/compose/byte_sink.h"
#include "component/format/component_def.h"
#include "sable/result.h"

namespace sable::cm::compose {

// A resource type of the composed component. Parts that see the same resource (two parts'
// merged imports of wasi:io/error both declare `error`) share one ResourceRef.
using ResourceRef = uint32_t;

// Which ResourceRef each part's resource type ids stand for.
class ResourceRefs {
 public:
  // The ref `id` of `arena` stands for, if bound.
  std::optional<ResourceRef> find(const format::TypeArena& arena, format::TypeId id) const;
  // Binds `id` of `arena` to `ref`.
  void bind(const format::TypeArena& arena, format::TypeId id, ResourceRef ref) {
    refs_[{&arena, id}] = ref;
  }
  // A ref no part has used yet.
  ResourceRef fresh() { return next_++; }

 private:
  std::map<std::pair<const format::TypeArena*, format::TypeId>, ResourceRef> refs_;
  ResourceRef next_ = 0;
};

// One type index space being written: the composed component's root (each definition becomes
// a type section) or an instance type being declared inside another scope (each definition
// becomes a declarator).
class TypeScope {
 public:
  // The root scope, appending its sections to `sections`.
  explicit TypeScope(ByteSink& sections) : sections_(&sections) {}
  // An instance type's scope inside `parent`.
  explicit TypeScope(TypeScope& parent) : parent_(&parent) {}

  // Adds the type definition `deftype` and returns its index.
  uint32_t defineType(const ByteSink& deftype);
  // Instance types: adds the export declarator `decl`; `addsType` when it introduces a type
  // index (a type export), whose index is returned.
  uint32_t declareExport(const ByteSink& decl, bool addsType);
  // A root scope's type index added by something other than a type definition (an import or
  // an alias of a type).
  uint32_t addRootTypeIndex() { return typeCount_++; }
  // The index standing for `ref` here: its own, or an outer alias to an enclosing scope's
  // (added on first use). nullopt when no enclosing scope knows `ref`.
  std::optional<uint32_t> resourceIndex(ResourceRef ref);
  // Records that index `index` stands for `ref`.
  void bindResource(ResourceRef ref, uint32_t index) { resources_[ref] = index; }

  // The index of a named value type (a record, variant, enum or flags an import exports) in
  // this scope: an outer alias to the enclosing scope that named it (added on first use), so a
  // `use` stays a use. nullopt when no enclosing scope names it.
  std::optional<uint32_t> namedTypeIndex(const format::TypeArena& arena, format::TypeId id);
  // Records that root index `index` names value type `id` of `arena`.
  void bindNamedType(const format::TypeArena& arena, format::TypeId id, uint32_t index) {
    named_[{&arena, id}] = index;
  }

  // Value types already defined here, by (arena, id): a part's types are written once.
  std::map<std::pair<const format::TypeArena*, format::TypeId>, uint32_t>& valueTypes() {
    return valueTypes_;
  }
  // The instance type's declarators (count, then bytes): call once it is complete.
  ByteSink instanceTypeBody() const;

 private:
  uint32_t aliasOuter(uint32_t depth, uint32_t index);

  TypeScope* parent_ = nullptr;
  ByteSink* sections_ = nullptr;  // root only
  ByteSink decls_;                // instance types only
  uint32_t declCount_ = 0;
  uint32_t typeCount_ = 0;
  std::map<ResourceRef, uint32_t> resources_;
  std::map<std::pair<const format::TypeArena*, format::TypeId>, uint32_t> named_;
  std::map<std::pair<const format::TypeArena*, format::TypeId>, uint32_t> valueTypes_;
};

// Writes types of one part (`arena`) into scopes, binding the resources its instance types
// declare (`sub resource` exports) to fresh refs unless `refs` has them already.
class TypeEncoder {
 public:
  TypeEncoder(const format::TypeArena& arena, ResourceRefs& refs) : arena_(arena), refs_(refs) {}

  // The index of function type `id` in `scope` (defined there).
  Result<uint32_t> funcType(TypeScope& scope, format::TypeId id);
  // The index of instance type `id` in `scope` (defined there).
  Result<uint32_t> instanceType(TypeScope& scope, format::TypeId id);
  // Writes value type `id` as a valtype operand in `scope`, defining what it needs first.
  Result<void> valType(TypeScope& scope, format::TypeId id, ByteSink& out);
  // The index of defined value type `id` (not a primitive) in `scope`.
  Result<uint32_t> definedValueType(TypeScope& scope, format::TypeId id);
  // The ref resource type `id` stands for: bound, or fresh and bound now.
  ResourceRef resourceRef(format::TypeId id);
  // The index of resource type `id` (already bound to a ref) in `scope`.
  Result<uint32_t> resourceIndex(TypeScope& scope, format::TypeId id);

 private:
  Result<void> labelledTypes(TypeScope& scope, const std::vector<format::Field>& fields,
                             ByteSink& out);
  Result<void> definedValue(TypeScope& scope, const format::TypeDef& t, ByteSink& def);
  Result<void> optionalValType(TypeScope& scope, format::TypeId id, ByteSink& out);
  Result<void> exportDecl(TypeScope& inner, const format::ExternDecl& decl);

  const format::TypeArena& arena_;
  ResourceRefs& refs_;
};

// Writes an import or export name in the plain form (attributes dropped: validation ignores
// them in types, and every runtime reads the plain form).
void writeExternName(ByteSink& out, const std::string& name);

}  // namespace sable::cm::compose
