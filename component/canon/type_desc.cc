// The layout and flattening rules of CanonicalABI.md, computed once per type node.
#include "component/canon/type_desc.h"

#include <algorithm>
#include <span>
#include <utility>

namespace sable::canon {
namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(message)};
}

uint64_t alignTo(uint64_t offset, uint64_t align) { return (offset + align - 1) / align * align; }

// A size and alignment for one pointer width.
struct Layout {
  uint64_t size = 0;
  uint64_t align = 1;
};

// elem_size/alignment of a record whose fields have `fields` layouts; `offsets` receives where
// each field starts.
Layout recordLayout(std::span<const Layout> fields, std::vector<uint64_t>* offsets) {
  Layout out;
  for (const Layout& f : fields) {
    out.size = alignTo(out.size, f.align);
    if (offsets) offsets->push_back(out.size);
    out.size += f.size;
    out.align = std::max(out.align, f.align);
  }
  out.size = alignTo(out.size, out.align);
  return out;
}

uint8_t discriminantSize(size_t caseCount) {
  if (caseCount <= 0x100) return 1;
  if (caseCount <= 0x10000) return 2;
  return 4;
}

// elem_size/alignment of a variant whose payloads have `payloads` layouts; `payloadOffset`
// receives where the payload starts.
Layout variantLayout(uint8_t discSize, std::span<const Layout> payloads, uint64_t* payloadOffset) {
  uint64_t caseAlign = 1;
  uint64_t caseSize = 0;
  for (const Layout& p : payloads) {
    caseAlign = std::max(caseAlign, p.align);
    caseSize = std::max(caseSize, p.size);
  }
  uint64_t offset = alignTo(discSize, caseAlign);
  if (payloadOffset) *payloadOffset = offset;
  Layout out{offset + caseSize, std::max<uint64_t>(discSize, caseAlign)};
  out.size = alignTo(out.size, out.align);
  return out;
}

Layout flagsLayout(size_t n) {
  uint64_t bytes = n <= 8 ? 1 : n <= 16 ? 2 : 4;
  return {bytes, bytes};
}

CoreType join(CoreType a, CoreType b) {
  if (a == b) return a;
  auto isI32OrF32 = [](CoreType t) { return t == CoreType::I32 || t == CoreType::F32; };
  if (isI32OrF32(a) && isI32OrF32(b)) return CoreType::I32;
  return CoreType::I64;
}

// Appends `more` to a capped flattening.
void appendFlat(AbiInfo& abi, const AbiInfo& more) {
  abi.flatCount = std::min(abi.flatCount + more.flatCount, kMaxFlatParams + 1);
  if (!abi.flatFits()) {
    abi.flat.clear();
    return;
  }
  abi.flat.insert(abi.flat.end(), more.flat.begin(), more.flat.end());
}

// Joins a case's flattening into the payload part of a variant's (which starts after the
// discriminant at index 0).
void joinFlat(AbiInfo& abi, const AbiInfo& payload) {
  if (!payload.flatFits() || 1 + payload.flatCount > kMaxFlatParams) {
    abi.flatCount = kMaxFlatParams + 1;
  }
  if (!abi.flatFits()) {
    abi.flat.clear();
    return;
  }
  for (size_t i = 0; i < payload.flat.size(); ++i) {
    if (1 + i < abi.flat.size()) {
      abi.flat[1 + i] = join(abi.flat[1 + i], payload.flat[i]);
    } else {
      abi.flat.push_back(payload.flat[i]);
    }
  }
  abi.flatCount = static_cast<uint32_t>(abi.flat.size());
}

AbiInfo scalarAbi(uint32_t bytes, CoreType flat) {
  AbiInfo abi;
  abi.size = bytes;
  abi.align = bytes;
  abi.flat = {flat};
  abi.flatCount = 1;
  return abi;
}

std::optional<AbiInfo> primitiveAbi(cm::ValKind kind) {
  using K = cm::ValKind;
  switch (kind) {
    case K::Bool:
    case K::S8:
    case K::U8:
      return scalarAbi(1, CoreType::I32);
    case K::S16:
    case K::U16:
      return scalarAbi(2, CoreType::I32);
    case K::S32:
    case K::U32:
    case K::Char:
      return scalarAbi(4, CoreType::I32);
    case K::S64:
    case K::U64:
      return scalarAbi(8, CoreType::I64);
    case K::F32:
      return scalarAbi(4, CoreType::F32);
    case K::F64:
      return scalarAbi(8, CoreType::F64);
    case K::String: {
      AbiInfo abi = scalarAbi(4, CoreType::I32);
      abi.size = 8;
      abi.flat = {CoreType::I32, CoreType::I32};
      abi.flatCount = 2;
      return abi;
    }
    default:
      return std::nullopt;
  }
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
  std::optional<AbiInfo> abi = primitiveAbi(kind);
  if (!abi) return invalid(std::string("not a primitive type: ") + cm::valKindName(kind));
  TypeNode node;
  node.kind = kind;
  node.abi = std::move(*abi);
  bool pointerPair = kind == cm::ValKind::String;
  uint64_t size64 = pointerPair ? 16 : node.abi.size;
  uint64_t align64 = pointerPair ? 8 : node.abi.align;
  return add(std::move(node), size64, align64);
}

Result<TypeId> TypeArena::list(TypeId element) {
  if (auto ok = checkChild(element); !ok) return ok.error();
  TypeNode node;
  node.kind = cm::ValKind::List;
  node.element = element;
  node.depth = 1 + nodes_[element.index].depth;
  node.abi = *primitiveAbi(cm::ValKind::String);
  return add(std::move(node), 16, 8);
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
  for (const FieldDesc& f : fields) {
    if (auto ok = checkChild(f.type); !ok) return ok.error();
    const TypeNode& child = nodes_[f.type.index];
    layouts32.push_back({child.abi.size, child.abi.align});
    layouts64.push_back({size64_[f.type.index], align64_[f.type.index]});
    node.depth = std::max(node.depth, 1 + child.depth);
    appendFlat(node.abi, child.abi);
  }
  std::vector<uint64_t> offsets;
  Layout l32 = recordLayout(layouts32, &offsets);
  Layout l64 = recordLayout(layouts64, nullptr);
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
  node.abi.discSize = discriminantSize(cases.size());
  node.abi.flat = {CoreType::I32};
  node.abi.flatCount = 1;
  std::vector<Layout> payloads32, payloads64;
  for (const CaseDesc& c : cases) {
    if (!c.type) continue;
    if (auto ok = checkChild(*c.type); !ok) return ok.error();
    const TypeNode& child = nodes_[c.type->index];
    payloads32.push_back({child.abi.size, child.abi.align});
    payloads64.push_back({size64_[c.type->index], align64_[c.type->index]});
    node.depth = std::max(node.depth, 1 + child.depth);
    joinFlat(node.abi, child.abi);
  }
  uint64_t payloadOffset = 0;
  Layout l32 = variantLayout(node.abi.discSize, payloads32, &payloadOffset);
  Layout l64 = variantLayout(node.abi.discSize, payloads64, nullptr);
  node.abi.size = static_cast<uint32_t>(std::min<uint64_t>(l32.size, UINT32_MAX));
  node.abi.align = static_cast<uint32_t>(l32.align);
  node.abi.payloadOffset = static_cast<uint32_t>(std::min<uint64_t>(payloadOffset, UINT32_MAX));
  node.cases = std::move(cases);
  return add(std::move(node), l64.size, l64.align);
}

Result<TypeId> TypeArena::flags(std::vector<std::string> names) {
  if (names.empty()) return invalid("flags type must have at least one flag");
  if (names.size() > 32) return invalid("flags type has more than 32 flags");
  Layout l = flagsLayout(names.size());
  TypeNode node = {};
  node.kind = cm::ValKind::Flags;
  node.abi = scalarAbi(static_cast<uint32_t>(l.size), CoreType::I32);
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
  node.abi = scalarAbi(4, CoreType::I32);
  return add(std::move(node), 4, 4);
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

AbiInfo TypeArena::paramTupleAbi(const FuncTypeDesc& type) const {
  std::vector<Layout> layouts;
  AbiInfo abi;
  for (const FieldDesc& p : type.params) {
    const AbiInfo& child = nodes_[p.type.index].abi;
    layouts.push_back({child.size, child.align});
    appendFlat(abi, child);
  }
  std::vector<uint64_t> offsets;
  Layout l = recordLayout(layouts, &offsets);
  abi.size = static_cast<uint32_t>(std::min<uint64_t>(l.size, UINT32_MAX));
  abi.align = static_cast<uint32_t>(l.align);
  abi.fieldOffsets.assign(offsets.begin(), offsets.end());
  return abi;
}

FlatSignature TypeArena::flatten(const FuncTypeDesc& type, FlatContext context) const {
  FlatSignature sig;
  AbiInfo params = paramTupleAbi(type);
  if (params.flatFits()) {
    sig.params = params.flat;
  } else {
    sig.params = {CoreType::I32};
    sig.paramsInMemory = true;
  }
  if (!type.result) return sig;
  const AbiInfo& result = nodes_[type.result->index].abi;
  if (result.flatCount <= kMaxFlatResults) {
    sig.results = result.flat;
    return sig;
  }
  sig.resultsInMemory = true;
  if (context == FlatContext::Lift) {
    sig.results = {CoreType::I32};
  } else {
    sig.params.push_back(CoreType::I32);
  }
  return sig;
}

}  // namespace sable::canon
