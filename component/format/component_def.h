// ComponentDef: a decoded component binary (Binary.md), one per (nested) component, listing its
// definitions in binary order with every index already range-checked, plus the TypeArena all
// components of one binary share. Produced by decodeComponent (decoder.h); read by the
// validator (static rules) and by instantiation (which interprets the definitions in order,
// design §6). Immutable after decoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sable/module.h"
#include "sable/types.h"

namespace sable::cm::format {

// An index into the TypeArena. Primitive value types have fixed ids (TypeKind's first 13
// values), so every value type, primitive or defined, is one TypeId.
using TypeId = uint32_t;
inline constexpr TypeId kNoType = UINT32_MAX;

// What a TypeArena entry is. The first 13 are the primitive value types, in the order of their
// ids; then defined value types; then the other component-level types; then core types.
enum class TypeKind : uint8_t {
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  // Defined value types (defvaltype).
  Record,   // fields: name + type
  Variant,  // fields: case name + payload type or kNoType
  List,     // elem
  Tuple,    // fields: "" + type
  Flags,    // fields: names only (type kNoType)
  Enum,     // fields: names only
  Option,   // elem
  Result,   // ok / err: kNoType when absent
  Own,      // elem: the resource type
  Borrow,   // elem: the resource type
  // Other component-level types.
  Func,              // params (fields), result
  Component,         // imports, exports
  Instance,          // exports
  Resource,          // a resource type defined by a component: rep i32, optional dtor
  AbstractResource,  // an imported or exported resource type: bound when instantiated
  // Core types (core:type): only what components declare about core modules.
  CoreFunc,    // coreFunc
  CoreModule,  // coreImports, coreExports
};

// Whether types of `kind` need an externally visible name (Explainer.md "External visibility").
bool isNominal(TypeKind kind);

// The number of primitive value types; TypeId values below it are primitives.
inline constexpr uint32_t kPrimitiveTypeCount = 13;

// "bool", "record", "func", ... for messages.
const char* typeKindName(TypeKind kind);

// True for Bool..String.
inline bool isPrimitive(TypeKind kind) { return static_cast<uint32_t>(kind) < kPrimitiveTypeCount; }

// A named slot of a composite type: a record field, tuple element (empty name), variant case
// (type kNoType without payload), flag or enum label (type kNoType), function parameter.
struct Field {
  std::string name;
  TypeId type = kNoType;
};

// The sorts of component index spaces (Binary.md "sort"). Core sorts first.
enum class Sort : uint8_t {
  CoreFunc,
  CoreTable,
  CoreMemory,
  CoreGlobal,
  CoreTag,
  CoreType,
  CoreModule,
  CoreInstance,
  Func,
  Value,
  Type,
  Component,
  Instance,
};
inline constexpr size_t kSortCount = 13;

// "core func", "func", "instance", ... for messages.
const char* sortName(Sort sort);

// A reference to an entry of an index space: (sort idx).
struct SortIndex {
  Sort sort = Sort::Func;
  uint32_t index = 0;
};

// How an import or export declares its type (externtype). For Sort::Type: `bound` says eq (the
// type `type`) or sub resource (a fresh AbstractResource id in `type`).
struct ExternDesc {
  enum class Bound : uint8_t { Eq, SubResource };
  Sort sort = Sort::Func;  // Func, Value, Type, Component, Instance or CoreModule
  TypeId type = kNoType;   // the func/component/instance/core module type, or the bound type
  Bound bound = Bound::Eq;
};

// An import or export name with the attributes the binary gave it.
struct ExternName {
  std::string name;           // "f", "ns:pkg/iface@1.2.3", "[method]r.m", ...
  std::string versionSuffix;  // versionsuffix attribute, or ""
  std::string implements;     // implements attribute, or ""
};

// A named import or export in a component or instance type.
struct ExternDecl {
  ExternName name;
  ExternDesc desc;
};

// A core module's import or export as a core:moduletype declares it.
struct CoreExternDecl {
  std::string module;  // imports only
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t funcType = 0;  // Func: index of a CoreFunc in the module type's own type space
};

// One arena entry. Only the members that apply to `kind` are meaningful.
struct TypeDef {
  TypeKind kind = TypeKind::Bool;
  std::vector<Field> fields;                // Record, Variant, Tuple, Flags, Enum; Func params
  TypeId elem = kNoType;                    // List, Option, Own, Borrow; Result ok
  TypeId err = kNoType;                     // Result err
  std::optional<TypeId> result;             // Func: its single result, if any
  std::vector<ExternDecl> imports;          // Component
  std::vector<ExternDecl> exports;          // Component, Instance
  std::optional<uint32_t> dtor;             // Resource: core func index of the destructor
  FuncType coreFunc;                        // CoreFunc
  std::vector<CoreExternDecl> coreImports;  // CoreModule
  std::vector<CoreExternDecl> coreExports;  // CoreModule
  size_t offset = 0;                        // where it was defined, for messages
};

// Every type of one component binary (nested components included): ids are stable, entries
// never change once added.
class TypeArena {
 public:
  // An arena holding the 13 primitive types at their fixed ids.
  TypeArena();
  // Adds `def` and returns its id.
  TypeId add(TypeDef def);
  // A fresh id naming the type `id` where an export introduces a new type index: a copy for
  // records, variants, enums and flags, an AbstractResource for resources; `id` itself for the
  // other (structural) types, which need no name.
  TypeId addName(TypeId id);
  // The entry `id` (which must exist).
  const TypeDef& at(TypeId id) const { return types_[id]; }
  // The number of entries.
  size_t size() const { return types_.size(); }

 private:
  std::vector<TypeDef> types_;
};

// A definition's origin, kept for diagnostics.
struct DefBase {
  size_t offset = 0;
};

// (core module ...): a module compiled once per component binary.
struct CoreModuleDef : DefBase {
  Module module;
  size_t size = 0;  // bytes of the module's encoding
};

// (core instance (instantiate m (with name (instance i))*)) or (core instance (export ...)*).
struct CoreInstanceDef : DefBase {
  struct Arg {
    std::string name;
    uint32_t instance = 0;  // core instance index
  };
  struct InlineExport {
    std::string name;
    SortIndex item;  // a core sort
  };
  std::optional<uint32_t> module;  // set: instantiate; unset: inline exports
  std::vector<Arg> args;
  std::vector<InlineExport> exports;
};

// (component ...): a nested component, index into ComponentDef::components.
struct NestedComponentDef : DefBase {
  uint32_t child = 0;
};

// (instance (instantiate c (with name sortidx)*)) or (instance (export ...)*).
struct InstanceDef : DefBase {
  struct Arg {
    std::string name;
    SortIndex item;
  };
  struct InlineExport {
    ExternName name;
    SortIndex item;
    // Type exports of records, variants, enums, flags and resources: the fresh id the instance's
    // type gives the export (see ExportDef::newType); kNoType otherwise.
    TypeId newType = kNoType;
  };
  std::optional<uint32_t> component;  // set: instantiate; unset: inline exports
  std::vector<Arg> args;
  std::vector<InlineExport> exports;
};

// (alias export i "n" (s)), (alias core export i "n" (s)), (alias outer ct idx (s)).
struct AliasDef : DefBase {
  enum class Target : uint8_t { InstanceExport, CoreInstanceExport, Outer };
  Target target = Target::InstanceExport;
  Sort sort = Sort::Func;   // what the alias adds to
  uint32_t instance = 0;    // InstanceExport/CoreInstanceExport
  std::string name;         // InstanceExport/CoreInstanceExport
  uint32_t outerCount = 0;  // Outer: how many enclosing components out (>= 1 at runtime)
  uint32_t outerIndex = 0;  // Outer: index in that component's `sort` space
  // Type aliases: the type resolved while decoding (the instance type's export, or the outer
  // scope's type); an AbstractResource when it is bound only at instantiation.
  TypeId type = kNoType;
};

// (type ...) or (core type ...): adds `type` to the (core) type space.
struct TypeDefinition : DefBase {
  bool core = false;
  TypeId type = kNoType;
};

// Canonical options (canonopt).
struct CanonOptions {
  enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };
  StringEncoding encoding = StringEncoding::Utf8;
  std::optional<uint32_t> memory;      // core memory index
  std::optional<uint32_t> realloc;     // core func index
  std::optional<uint32_t> postReturn;  // core func index
};

// (canon lift ...), (canon lower ...), (canon resource.new|drop|rep ...).
struct CanonDef : DefBase {
  enum class Op : uint8_t { Lift, Lower, ResourceNew, ResourceDrop, ResourceRep };
  Op op = Op::Lift;
  uint32_t func = 0;       // Lift: core func index; Lower: component func index
  CanonOptions options;    // Lift, Lower
  TypeId type = kNoType;   // Lift: the Func type; resource ops: the resource type
  uint32_t typeIndex = 0;  // the type index as written (Lift, resource ops)
};

// (import "name" externtype): adds to the space of desc.sort.
struct ImportDef : DefBase {
  ExternName name;
  ExternDesc desc;
};

// (export "name" sortidx externtype?): adds a new index (aliasing `item`) to item.sort's space.
struct ExportDef : DefBase {
  ExternName name;
  SortIndex item;
  std::optional<ExternDesc> ascribed;
  // Type exports: the type index the export introduces. Explainer.md "External visibility":
  // only that new index is an externally visible name, not the index passed in, so records,
  // variants, enums, flags and resources get a fresh arena id here (a resource's is an
  // AbstractResource standing for the same resource); other types keep theirs. kNoType for
  // other sorts.
  TypeId newType = kNoType;
};

// (start f (value a)* (result (value))*): values are gated (🪙), so decoded then refused.
struct StartDef : DefBase {
  uint32_t func = 0;
  std::vector<uint32_t> args;
  uint32_t results = 0;
};

// One definition, in binary order.
using Definition = std::variant<CoreModuleDef, CoreInstanceDef, NestedComponentDef, InstanceDef,
                                AliasDef, TypeDefinition, CanonDef, ImportDef, ExportDef, StartDef>;

// One component: its definitions in binary order and its nested components. The index spaces
// are implied: each definition appends to one space (definitionSort), as the binary built them.
struct ComponentDef {
  std::vector<Definition> definitions;
  std::vector<std::unique_ptr<ComponentDef>> components;  // NestedComponentDef::child
  std::vector<ImportDef> imports;                         // copies, in order, for listing
  std::vector<ExportDef> exports;                         // copies, in order, for listing
  // Sizes of the index spaces after the last definition, by Sort.
  uint32_t spaceSize[kSortCount] = {};
  // The Component type of this component (its imports and exports), in the arena.
  TypeId type = kNoType;
  std::string name;  // from the component-name section, or ""
  // Names the component-name section gives entries of the index spaces, by Sort: index ->
  // name. Advisory (tools and messages only); a malformed section leaves them empty.
  std::map<uint32_t, std::string> sortNames[kSortCount];
  size_t offset = 0;
  size_t size = 0;  // bytes of the component's encoding, preamble included
};

// A decoded binary: the root component and the arena its types live in.
struct DecodedComponent {
  std::shared_ptr<TypeArena> types;
  std::unique_ptr<ComponentDef> root;
};

// The sort of the index space `def` appends to, or nullopt (start adds values: gated).
std::optional<Sort> definitionSort(const Definition& def);

}  // namespace sable::cm::format
