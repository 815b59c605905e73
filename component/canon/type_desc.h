// Type descriptors for the canonical ABI: an arena of immutable value-type nodes, each carrying
// its memory32 layout and flattening computed once when it is built, by the rules of
// component/abi_layout.h (CanonicalABI.md "Alignment", "Element Size", "Flattening"). The component
// decoder converts its decoded types into these nodes; lifting, lowering and the call protocol only
// read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "component/abi_layout.h"
#include "sable/component_val.h"
#include "sable/result.h"

namespace sable::canon {

// CanonicalABI.md: flattening limits of synchronous functions.
inline constexpr uint32_t kMaxFlatParams = cm::abi::kMaxFlatParams;
inline constexpr uint32_t kMaxFlatResults = cm::abi::kMaxFlatResults;
// Validation bound on elem_size(t, 'i64') of every defined value type, and the maximum byte
// length of a string or list in memory.
inline constexpr uint64_t kMaxElemSize = uint64_t{1} << 28;
inline constexpr uint32_t kMaxByteLength = (uint32_t{1} << 28) - 1;
// The deepest type nesting accepted: builders see every node once, but lifting and lowering
// recurse over the type, so the depth is bounded here (ErrorKind::Limit beyond it).
inline constexpr uint32_t kMaxTypeDepth = 100;

// Core WebAssembly value types, as flattening produces them.
using CoreType = cm::abi::CoreType;

// A node of a TypeArena (the index of the node). Only meaningful with its arena.
struct TypeId {
  uint32_t index = 0;
  friend bool operator==(TypeId, TypeId) = default;
};

// The identity of a resource type: unique within a store (one per host definition, one per
// instantiation of the defining component). Handle tables compare these, never structure.
using ResourceTypeId = uint32_t;

// A named field of a record (tuples get "0", "1", ...).
struct FieldDesc {
  std::string name;
  TypeId type;
};

// A case of a variant; enum cases, option's none and result's empty sides have no payload.
struct CaseDesc {
  std::string name;
  std::optional<TypeId> type;
};

// The canonical ABI facts of a value type, after despecialisation (tuple -> record,
// enum/option/result -> variant).
struct AbiInfo {
  uint32_t size = 0;                   // elem_size(t) with 32-bit pointers
  uint32_t align = 1;                  // alignment(t) with 32-bit pointers
  uint8_t discSize = 0;                // variants: 1, 2 or 4 bytes of discriminant; else 0
  uint32_t payloadOffset = 0;          // variants: where the payload starts
  std::vector<uint32_t> fieldOffsets;  // records and tuples: where each field starts
  // flatten_type(t): the core types, kept only when there are at most kMaxFlatParams of them.
  std::vector<CoreType> flat;
  // The number of flat values, capped at kMaxFlatParams + 1 ("too many to pass flat").
  uint32_t flatCount = 0;
  // Whether flatCount is exact (<= kMaxFlatParams) and `flat` holds the types.
  bool flatFits() const { return flatCount <= kMaxFlatParams; }
};

// One value type. The kind is the Component Model kind before despecialisation (what cm::Val
// carries); the ABI info is the despecialised layout.
struct TypeNode {
  cm::ValKind kind = cm::ValKind::Bool;
  // Record and tuple fields (tuples named "0", "1", ...).
  std::vector<FieldDesc> fields;
  // Variant cases; enum cases (no payloads); option {none, some}; result {ok, error}.
  std::vector<CaseDesc> cases;
  // Flag names in bit order.
  std::vector<std::string> flagNames;
  // List element.
  TypeId element;
  // Own and borrow: the resource type.
  ResourceTypeId resource = 0;
  // Nesting depth: 1 for scalars, strings and handles; 1 + the deepest child otherwise.
  uint32_t depth = 1;
  AbiInfo abi;
};

// A component function type: named parameters and at most one result.
struct FuncTypeDesc {
  std::vector<FieldDesc> params;
  std::optional<TypeId> result;
};

// Which side of the ABI a core signature is for (flatten_functype's `context`).
using FlatContext = cm::abi::FlatContext;

// flatten_functype(opts, ft, context) for a synchronous function with 32-bit memory.
using FlatSignature = cm::abi::FlatSignature;

// An arena of value-type nodes. Nodes refer to earlier nodes only, so building is bottom-up
// and there are no cycles. Builders validate (empty records, variants or flags, more than 32
// flags, elem_size(t, 'i64') >= 2^28, unknown children) and return
// ErrorKind::Invalid, or ErrorKind::Limit past kMaxTypeDepth.
class TypeArena {
 public:
  // A primitive: bool, s8..u64, f32, f64, char or string.
  Result<TypeId> primitive(cm::ValKind kind);
  Result<TypeId> list(TypeId element);
  Result<TypeId> record(std::vector<FieldDesc> fields);
  Result<TypeId> tuple(std::vector<TypeId> elements);
  Result<TypeId> variant(std::vector<CaseDesc> cases);
  Result<TypeId> enumType(std::vector<std::string> names);
  Result<TypeId> option(TypeId payload);
  Result<TypeId> result(std::optional<TypeId> ok, std::optional<TypeId> err);
  Result<TypeId> flags(std::vector<std::string> names);
  Result<TypeId> own(ResourceTypeId resource);
  Result<TypeId> borrow(ResourceTypeId resource);

  // The node `id` (which must come from this arena).
  const TypeNode& operator[](TypeId id) const { return nodes_[id.index]; }
  // Whether `id` names a node of this arena.
  bool contains(TypeId id) const { return id.index < nodes_.size(); }
  size_t size() const { return nodes_.size(); }

  // Whether `id` is or contains a borrow (results may not).
  bool containsBorrow(TypeId id) const;

  // flatten_functype for `type` (whose ids come from this arena).
  FlatSignature flatten(const FuncTypeDesc& type, FlatContext context) const;
  // The number of flat values of the parameters, capped at kMaxFlatParams + 1 (no allocation).
  uint32_t paramFlatCount(const FuncTypeDesc& type) const;
  // The layout of the parameters as a tuple in memory (when they spill past 16 flat values).
  AbiInfo paramTupleAbi(const FuncTypeDesc& type) const;

 private:
  Result<TypeId> add(TypeNode node, uint64_t size64, uint64_t align64);
  Result<TypeId> makeRecord(cm::ValKind kind, std::vector<FieldDesc> fields);
  Result<TypeId> makeVariant(cm::ValKind kind, std::vector<CaseDesc> cases);
  Result<TypeId> makeHandle(cm::ValKind kind, ResourceTypeId resource);
  Result<void> checkChild(TypeId id) const;

  std::vector<TypeNode> nodes_;
  // elem_size(t, 'i64') and alignment(t, 'i64') per node, for the 2^28 check.
  std::vector<uint64_t> size64_;
  std::vector<uint32_t> align64_;
};

}  // namespace sable::canon
