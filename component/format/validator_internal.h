// The validator's state, shared by its parts (validator*.cc). Internal to component/format.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "component/format/component_def.h"
#include "component/format/names.h"
#include "component/format/validator_abi.h"
#include "component/format/validator_subtype.h"
#include "sable/result.h"
#include "sable/types.h"

namespace sable::cm::format {

// Invalid, without an offset (the caller adds the definition's).
inline Error invalidError(std::string message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(message)};
}

// What a core module imports and exports; unknown for modules imported by type only (their
// declared types are not kept in enough detail), which are then not checked.
struct CoreModuleSig {
  bool known = false;
  std::vector<ImportType> imports;
  std::vector<ExportType> exports;
};

// A core instance's exports; unknown when its module's are.
struct CoreInstanceSig {
  bool known = false;
  std::vector<std::pair<std::string, std::optional<ExternType>>> exports;
};

// A component instance's exports (from an instance type, a component type or inline exports).
struct InstanceSig {
  std::vector<ExternDecl> exports;
  std::vector<TypeId> namedTypes;  // the types it exports, nested instances' included
  int subst = -1;                  // its resource renaming (ComponentWalk::substs_), or -1
};

// The index spaces of one component, with what validation knows of each entry's type
// (nullopt / kNoType: unknown, not checked).
struct Spaces {
  const Spaces* parent = nullptr;
  std::vector<std::optional<ExternType>> coreFuncs;
  std::vector<std::optional<ExternType>> coreTables;
  std::vector<std::optional<ExternType>> coreMemories;
  std::vector<std::optional<ExternType>> coreGlobals;
  uint32_t coreTags = 0;
  std::vector<TypeId> coreTypes;
  std::vector<CoreModuleSig> coreModules;
  std::vector<CoreInstanceSig> coreInstances;
  std::vector<TypeId> funcs;
  std::vector<TypeId> types;
  std::vector<TypeId> components;
  std::vector<InstanceSig> instances;
  uint32_t values = 0;

  // The space of core functions, tables, memories or globals (nullptr for other sorts).
  std::vector<std::optional<ExternType>>* coreItems(Sort sort);
  const std::vector<std::optional<ExternType>>* coreItems(Sort sort) const;
};

// The names of one namespace (a component's imports, its exports, an instance type's exports,
// a bag of inline exports): strong uniqueness, and the annotated-name rules, which need the
// resources named so far in the same namespace.
class NameScope {
 public:
  NameScope(const TypeArena& types, ResourceEquivalence& resources, std::string_view what)
      : types_(types), resources_(resources), unique_(what) {}

  // Checks and records one name: its syntax and attributes, uniqueness, and for annotated
  // names the function type `desc` against the resource they name.
  Result<void> add(const ExternName& name, const ExternDesc& desc);

 private:
  Result<void> checkAnnotated(const names::ExternName& name, const ExternDesc& desc);
  Result<void> checkResourceNamed(TypeId resource, std::string_view expected);
  const std::string* nameOfResource(TypeId resource) const;

  const TypeArena& types_;
  ResourceEquivalence& resources_;
  names::UniqueNames unique_;
  std::vector<std::pair<std::string, TypeId>> resourceNames_;
};

// The syntax and attribute rules of one import or export name (no uniqueness).
Result<void> checkExternName(const ExternName& name, Sort sort);

// Rules on the arena's types that do not depend on where they are used: labels, the maximum
// value size, borrows in function results, names in component and instance types.
Result<void> checkArenaTypes(const TypeArena& types, const AbiFacts& facts,
                             ResourceEquivalence& resources);

// External visibility: every nominal type (record, variant, enum, flags, resource) that `desc`
// refers to must be in `named` (types imported, or imported and exported, so far). `what` is
// "import" or "export".
Result<void> checkVisibility(const TypeArena& types, const ExternDesc& desc,
                             const std::set<TypeId>& named, const ResourceEquivalence& resources,
                             const char* what);

// Two-level core import names must differ, since components name them `module:name` (Binary.md
// core:import); an error names the first repeated pair.
Result<void> checkCoreImportNames(
    const std::vector<std::pair<std::string_view, std::string_view>>& imports);

// External visibility of an instance's exports (inline or aliased), which it exports with it.
Result<void> checkInstanceVisibility(const TypeArena& types, const std::vector<ExternDecl>& exports,
                                     const std::set<TypeId>& named,
                                     const ResourceEquivalence& resources, const char* what);

// External visibility inside a component type definition, which (unlike an instance type's)
// is checked where it is defined: its imports may refer only to types imported before them, its
// exports to types imported or exported before them.
Result<void> checkComponentTypeVisibility(const TypeArena& types, TypeId component,
                                          const ResourceEquivalence& resources);

// The types an instance type (or a component type's instances) exports, nested instances'
// included: exporting the instance gives them names.
void collectNamedTypes(const TypeArena& types, TypeId instanceOrComponent,
                       std::vector<TypeId>& out);

// Canon lift/lower options and core signatures; resource builtins.
Result<void> checkCanon(const TypeArena& types, const AbiFacts& facts, const CanonDef& canon,
                        Spaces& spaces, const std::set<TypeId>& localResources,
                        const ResourceEquivalence& resources);

// Core instantiation: each import of the module supplied by the named instance's export, of
// the right kind and type.
Result<void> checkCoreInstantiate(const CoreModuleSig& module, const CoreInstanceDef& def,
                                  const Spaces& spaces);

}  // namespace sable::cm::format
