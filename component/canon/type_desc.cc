// Type descriptor nodes, their layout and flattening computed once per node by the rules of
// component/abi_layout.h.
#include "component/canon/type_desc.h"

#include <algorithm>
#include <span>
#include <utility>

namespace sable::canon {
namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(message)};
}

using cm::abi::Layout;

// The flattening of an AbiInfo, and back.
cm::abi::Flat flatOf(const AbiInfo& abi) { return {abi.flat, abi.flatCount}; }

void setFlat(AbiInfo& abi, cm::abi::Flat flat) {
  abi.flat = std::move(flat.types);
  abi.flatCount = flat.count;
}

std::optional<cm::abi::ScalarKind> scalarKind(cm::ValKind kind) {
  using K = cm::ValKind;
  using S = cm::abi::ScalarKind;
  switch (kind) {
    case K::Bool:
      return S::Bool;
    case K::S8:
      return S::S8;
    case K::U8:
      return S::U8;
    case K::S16:
      return S::S16;
    case K::U16:
      return S::U16;
    case K::S32:
      return S::S32;
    case K::U32:
      return S::U32;
    case K::S64:
      return S::S64;
    case K::U64:
      return S::U64;
    case K::F32:
      return S::F32;
    case K::F64:
      return S::F64;
    case K::Char:
      return S::Char;
    case K::String:
      return S::String;
    default:
      return std::nullopt;
  }
}

// A node's AbiInfo and 64-bit layout for a primitive, list or handle.
AbiInfo scalarAbi(cm::abi::ScalarKind kind, Layout* memory64) {
  cm::abi::Scalar s = cm::abi::scalar(kind);
  AbiInfo abi;
  abi.size = static_cast<uint32_t>(s.memory32.size);
  abi.align = static_cast<uint32_t>(s.memory32.align);
  setFlat(abi, std::move(s.flat));
  if (memory64) *memory64 = s.memory64;
  return abi;
}

}  // namespace

Result<void> TypeArena::checkChild(TypeId id) const {
  if (!contains(id)) return invalid("type descriptor refers to an unknown type");
  return {};
}

Result<TypeId> TypeArena::add(TypeNode node, uint64_t size64, uint64_t align64) {
  if (size64 >= kMaxElemSize) {
    return invalid("type is too large: its element size is 2^28 bytes or more");
  }
  if (node.depth > kMaxTypeDepth) {
    return Error{ErrorKind::Limit, Error::kNoOffset,
                 "type nesting is deeper than " + std::to_string(kMaxTypeDepth)};
  }
  nodes_.push_back(std::move(node));
  size64_.push_back(size64);
  align64_.push_back(static_cast<uint32_t>(align64));
  return TypeId{static_cast<uint32_t>(nodes_.size() - 1)};
}

Result<TypeId> TypeArena::primitive(cm::ValKind kind) {
  std::optional<cm::abi::ScalarKind> scalar = scalarKind(kind);
  if (!scalar) return invalid(std::string("not a primitive type: ") + cm::valKindName(kind));
  TypeNode node;
  node.kind = kind;
  Layout l64;
  node.abi = scalarAbi(*scalar, &l64);
  return add(std::move(node), l64.size, l64.align);
}

Result<TypeId> TypeArena::list(TypeId element) {
  if (auto ok = checkChild(element); !ok) return ok.error();
  TypeNode node;
  node.kind = cm::ValKind::List;
  node.element = element;
  node.depth = 1 + nodes_[element.index].depth;
  Layout l64;
  node.abi = scalarAbi(cm::abi::ScalarKind::List, &l64);
  return add(std::move(node), l64.size, l64.align);
}

Result<TypeId> TypeArena::record(std::vector<FieldDesc> fields) {
  return makeRecord(cm::ValKind::Record, std::move(fields));
}

Result<TypeId> TypeArena::tuple(std::vector<TypeId> elements) {
  std::vector<FieldDesc> fields;
  for (size_t i = 0; i < elements.size(); ++i) fields.push_back({std::to_string(i), elements[i]});
  return makeRecord(cm::ValKind::Tuple, std::move(fields));
}

Result<TypeId> TypeArena::makeRecord(cm::ValKind kind, std::vector<FieldDesc> fields) {
  if (fields.empty()) return invalid("record and tuple types must have at least one field");
  std::vector<Layout> layouts32, layouts64;
  TypeNode node;
  node.kind = kind;
  cm::abi::Flat flat;
  for (const FieldDesc& f : fields) {
    if (auto ok = checkChild(f.type); !ok) return ok.error();
    const TypeNode& child = nodes_[f.type.index];
    layouts32.push_back({child.abi.size, child.abi.align});
    layouts64.push_back({size64_[f.type.index], align64_[f.type.index]});
    node.depth = std::max(node.depth, 1 + child.depth);
    flat = flatOf(node.abi);
    cm::abi::appendFlat(flat, flatOf(child.abi));
    setFlat(node.abi, std::move(flat));
  }
  std::vector<uint64_t> offsets;
  Layout l32 = cm::abi::recordLayout(layouts32, &offsets);
  Layout l64 = cm::abi::recordLayout(layouts64, nullptr);
  node.abi.size = static_cast<uint32_t>(std::min<uint64_t>(l32.size, UINT32_MAX));
  node.abi.align = static_cast<uint32_t>(l32.align);
  node.abi.fieldOffsets.assign(offsets.begin(), offsets.end());
  node.fields = std::move(fields);
  return add(std::move(node), l64.size, l64.align);
}

Result<TypeId> TypeArena::variant(std::vector<CaseDesc> cases) {
  return makeVariant(cm::ValKind::Variant, std::move(cases));
}

Result<TypeId> TypeArena::enumType(std::vector<std::string> names) {
  std::vector<CaseDesc> cases;
  for (std::string& n : names) cases.push_back({std::move(n), std::nullopt});
  return makeVariant(cm::ValKind::Enum, std::move(cases));
}

Result<TypeId> TypeArena::option(TypeId payload) {
  return makeVariant(cm::ValKind::Option, {{"none", std::nullopt}, {"some", payload}});
}

Result<TypeId> TypeArena::result(std::optional<TypeId> ok, std::optional<TypeId> err) {
  return makeVariant(cm::ValKind::Result, {{"ok", ok}, {"error", err}});
}

Result<TypeId> TypeArena::makeVariant(cm::ValKind kind, std::vector<CaseDesc> cases) {
  if (cases.empty()) return invalid("variant and enum types must have at least one case");
  if (cases.size() > UINT32_MAX) return invalid("too many cases");
  TypeNode node;
  node.kind = kind;
  node.abi.discSize = cm::abi::discriminantSize(cases.size());
  cm::abi::Flat flat = cm::abi::variantFlat();
  std::vector<Layout> payloads32, payloads64;
  for (const CaseDesc& c : cases) {
    if (!c.type) continue;
    if (auto ok = checkChild(*c.type); !ok) return ok.error();
    const TypeNode& child = nodes_[c.type->index];
    payloads32.push_back({child.abi.size, child.abi.align});
    payloads64.push_back({size64_[c.type->index], align64_[c.type->index]});
    node.depth = std::max(node.depth, 1 + child.depth);
    cm::abi::joinFlat(flat, flatOf(child.abi));
  }
  setFlat(node.abi, std::move(flat));
  uint64_t payloadOffset = 0;
  Layout l32 = cm::abi::variantLayout(node.abi.discSize, payloads32, &payloadOffset);
  Layout l64 = cm::abi::variantLayout(node.abi.discSize, payloads64, nullptr);
  node.abi.size = static_cast<uint32_t>(std::min<uint64_t>(l32.size, UINT32_MAX));
  node.abi.align = static_cast<uint32_t>(l32.align);
  node.abi.payloadOffset = static_cast<uint32_t>(std::min<uint64_t>(payloadOffset, UINT32_MAX));
  node.cases = std::move(cases);
  return add(std::move(node), l64.size, l64.align);
}

Result<TypeId> TypeArena::flags(std::vector<std::string> names) {
  if (names.empty()) return invalid("flags type must have at least one flag");
  if (names.size() > 32) return invalid("flags type has more than 32 flags");
  Layout l = cm::abi::flagsLayout(names.size());
  TypeNode node = {};
  node.kind = cm::ValKind::Flags;
  node.abi = scalarAbi(cm::abi::ScalarKind::U32, nullptr);
  node.abi.size = static_cast<uint32_t>(l.size);
  node.abi.align = static_cast<uint32_t>(l.align);
  node.flagNames = std::move(names);
  return add(std::move(node), l.size, l.align);
}

Result<TypeId> TypeArena::own(ResourceTypeId resource) {
  return makeHandle(cm::ValKind::Own, resource);
}

Result<TypeId> TypeArena::borrow(ResourceTypeId resource) {
  return makeHandle(cm::ValKind::Borrow, resource);
}

Result<TypeId> TypeArena::makeHandle(cm::ValKind kind, ResourceTypeId resource) {
  TypeNode node;
  node.kind = kind;
  node.resource = resource;
  Layout l64;
  node.abi = scalarAbi(cm::abi::ScalarKind::Handle, &l64);
  return add(std::move(node), l64.size, l64.align);
}

bool TypeArena::containsBorrow(TypeId id) const {
  // Children precede parents, so a loop over the subtree needs no recursion: walk a stack.
  std::vector<TypeId> pending{id};
  while (!pending.empty()) {
    const TypeNode& node = nodes_[pending.back().index];
    pending.pop_back();
    if (node.kind == cm::ValKind::Borrow) return true;
    if (node.kind == cm::ValKind::List) pending.push_back(node.element);
    for (const FieldDesc& f : node.fields) pending.push_back(f.type);
    for (const CaseDesc& c : node.cases) {
      if (c.type) pending.push_back(*c.type);
    }
  }
  return false;
}

uint32_t TypeArena::paramFlatCount(const FuncTypeDesc& type) const {
  uint32_t count = 0;
  for (const FieldDesc& p : type.params) {
    count = std::min(count + nodes_[p.type.index].abi.flatCount, kMaxFlatParams + 1);
  }
  return count;
}

AbiInfo TypeArena::paramTupleAbi(const FuncTypeDesc& type) const {
  std::vector<Layout> layouts;
  cm::abi::Flat flat;
  for (const FieldDesc& p : type.params) {
    const AbiInfo& child = nodes_[p.type.index].abi;
    layouts.push_back({child.size, child.align});
    cm::abi::appendFlat(flat, flatOf(child));
  }
  AbiInfo abi;
  setFlat(abi, std::move(flat));
  std::vector<uint64_t> offsets;
  Layout l = cm::abi::recordLayout(layouts, &offsets);
  abi.size = static_cast<uint32_t>(std::min<uint64_t>(l.size, UINT32_MAX));
  abi.align = static_cast<uint32_t>(l.align);
  abi.fieldOffsets.assign(offsets.begin(), offsets.end());
  return abi;
}

FlatSignature TypeArena::flatten(const FuncTypeDesc& type, FlatContext context) const {
  std::optional<cm::abi::Flat> result;
  if (type.result) result = flatOf(nodes_[type.result->index].abi);
  return cm::abi::flattenSignature(flatOf(paramTupleAbi(type)), result, context);
}

}  // namespace sable::canon
