// lower_flat and store for every value type.
#include "component/canon/lower.h"

#include <cstring>
#include <string>

#include "component/canon/handle_transfer.h"
#include "component/canon/strings.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

using K = cm::ValKind;

Result<void> expectKind(const cm::Val& v, K kind) {
  if (v.kind() == kind) return {};
  return usage(std::string("value of kind ") + cm::valKindName(v.kind()) + " where the type is " +
               cm::valKindName(kind));
}

bool isScalar(K kind) { return kind <= K::Char; }

// The bits of a scalar as its flat value (narrow integers sign- or zero-extended to 32 bits).
Result<uint64_t> scalarBits(const cm::Val& v, K kind) {
  SABLE_CANON_CHECK(expectKind(v, kind));
  switch (kind) {
    case K::Bool:
      return uint64_t{v.asBool() ? 1u : 0u};
    case K::S8:
      return uint64_t{static_cast<uint32_t>(int32_t{v.asS8()})};
    case K::U8:
      return uint64_t{v.asU8()};
    case K::S16:
      return uint64_t{static_cast<uint32_t>(int32_t{v.asS16()})};
    case K::U16:
      return uint64_t{v.asU16()};
    case K::S32:
      return uint64_t{static_cast<uint32_t>(v.asS32())};
    case K::U32:
      return uint64_t{v.asU32()};
    case K::S64:
      return static_cast<uint64_t>(v.asS64());
    case K::U64:
      return v.asU64();
    case K::F32:
      return uint64_t{v.asF32Bits()};
    case K::F64:
      return v.asF64Bits();
    case K::Char: {
      uint32_t c = v.asChar();
      if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) {
        return usage("char value is not a Unicode scalar value");
      }
      return uint64_t{c};
    }
    default:
      return usage("not a scalar type");
  }
}

// The case index of a variant-like value, checking that its payload matches the case.
Result<uint32_t> caseIndex(const cm::Val& v, const TypeNode& node) {
  SABLE_CANON_CHECK(expectKind(v, node.kind));
  std::string_view name = v.caseName();
  if (node.kind == K::Result && name == "err") name = "error";
  for (size_t i = 0; i < node.cases.size(); ++i) {
    if (node.cases[i].name != name) continue;
    bool wantsPayload = node.cases[i].type.has_value();
    if (wantsPayload != (v.payload() != nullptr)) {
      return usage("case `" + std::string(name) + "` " +
                   (wantsPayload ? "needs a payload" : "has no payload"));
    }
    return static_cast<uint32_t>(i);
  }
  return usage("no case named `" + std::string(name) + "` in the type");
}

Result<uint64_t> flagBits(const cm::Val& v, const TypeNode& node) {
  SABLE_CANON_CHECK(expectKind(v, K::Flags));
  uint64_t bits = 0;
  for (const std::string& set : v.names()) {
    size_t i = 0;
    while (i < node.flagNames.size() && node.flagNames[i] != set) ++i;
    if (i == node.flagNames.size()) return usage("no flag named `" + set + "` in the type");
    bits |= uint64_t{1} << i;
  }
  return bits;
}

// The field values of a record or tuple value, checked against the type's fields.
Result<std::span<const cm::Val>> fieldValues(const cm::Val& v, const TypeNode& node) {
  SABLE_CANON_CHECK(expectKind(v, node.kind));
  std::span<const cm::Val> values = v.elements();
  if (values.size() != node.fields.size()) {
    return usage("value has " + std::to_string(values.size()) + " fields, the type " +
                 std::to_string(node.fields.size()));
  }
  if (node.kind == K::Record) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (v.names()[i] != node.fields[i].name) {
        return usage("record field `" + v.names()[i] + "` where the type has `" +
                     node.fields[i].name + "`");
      }
    }
  }
  return values;
}

Result<uint32_t> handleIndex(LiftLowerContext& cx, const cm::Val& v, const TypeNode& node) {
  if (node.kind == K::Own) return lowerOwn(cx, node.resource, v);
  return lowerBorrow(cx, node.resource, v);
}

// A compact list's elements, checked against the list type's element kind.
Result<std::span<const uint8_t>> compactElements(const cm::Val& v, K elemKind) {
  if (v.compactElementKind() != elemKind) {
    return usage(std::string("list of ") + cm::valKindName(*v.compactElementKind()) +
                 " where the type's elements are " + cm::valKindName(elemKind));
  }
  std::span<const uint8_t> bytes = v.listBytes();
  if (elemKind == K::Char) {
    for (size_t i = 0; i < bytes.size(); i += 4) {
      Result<uint64_t> c = scalarBits(cm::Val::character(char32_t(loadInt(bytes, i, 4))), K::Char);
      if (!c) return c.error();
    }
  }
  return bytes;
}

// store_list_into_range for a compact list: one allocation and one copy.
Result<std::pair<uint32_t, uint32_t>> storeCompactList(LiftLowerContext& cx, const cm::Val& v,
                                                       TypeId elem) {
  const AbiInfo& abi = cx.types[elem].abi;
  Result<std::span<const uint8_t>> src = compactElements(v, cx.types[elem].kind);
  if (!src) return src.error();
  if (src->size() > kMaxByteLength) return usage("list value is larger than 2^28 - 1 bytes");
  uint32_t byteLength = static_cast<uint32_t>(src->size());
  Result<uint32_t> ptr = allocate(cx, abi.align, byteLength);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, abi.align, byteLength, "list"));
  if (byteLength > 0) std::memcpy(memoryBytes(cx)->data() + *ptr, src->data(), byteLength);
  return std::pair{*ptr, static_cast<uint32_t>(byteLength / abi.size)};
}

// store_list_into_range: returns (ptr, length).
Result<std::pair<uint32_t, uint32_t>> storeListIntoRange(LiftLowerContext& cx, const cm::Val& v,
                                                         TypeId elem) {
  SABLE_CANON_CHECK(expectKind(v, K::List));
  if (v.isCompactList()) return storeCompactList(cx, v, elem);
  const AbiInfo& abi = cx.types[elem].abi;
  std::span<const cm::Val> elements = v.elements();
  uint64_t byteLength = uint64_t{abi.size} * elements.size();
  if (byteLength > kMaxByteLength) return usage("list value is larger than 2^28 - 1 bytes");
  Result<uint32_t> ptr = allocate(cx, abi.align, static_cast<uint32_t>(byteLength));
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, abi.align, byteLength, "list"));
  const K elemKind = cx.types[elem].kind;
  if (isScalar(elemKind)) {
    // Scalar elements look the memory up once, after the realloc above, not once per element.
    Result<std::span<uint8_t>> bytes = memoryBytes(cx);
    if (!bytes) return bytes.error();
    for (size_t i = 0; i < elements.size(); ++i) {
      Result<uint64_t> bits = scalarBits(elements[i], elemKind);
      if (!bits) return bits.error();
      storeInt(*bytes, *ptr + uint64_t{abi.size} * i, abi.size, *bits);
    }
    return std::pair{*ptr, static_cast<uint32_t>(elements.size())};
  }
  for (size_t i = 0; i < elements.size(); ++i) {
    SABLE_CANON_CHECK(store(cx, elements[i], elem, *ptr + uint64_t{abi.size} * i));
  }
  return std::pair{*ptr, static_cast<uint32_t>(elements.size())};
}

Result<std::pair<uint32_t, uint32_t>> storeStringValue(LiftLowerContext& cx, const cm::Val& v) {
  SABLE_CANON_CHECK(expectKind(v, K::String));
  return storeStringIntoRange(cx, v.asString());
}

Result<void> lowerFlatVariant(LiftLowerContext& cx, const cm::Val& v, const TypeNode& node,
                              FlatBuffer& out) {
  Result<uint32_t> index = caseIndex(v, node);
  if (!index) return index.error();
  size_t start = out.size();
  out.push(*index);
  if (const std::optional<TypeId>& t = node.cases[*index].type) {
    SABLE_CANON_CHECK(lowerFlat(cx, *v.payload(), *t, out));
  }
  out.resize(start + node.abi.flatCount);
  return {};
}

Result<void> lowerFlatRecord(LiftLowerContext& cx, const cm::Val& v, const TypeNode& node,
                             FlatBuffer& out) {
  Result<std::span<const cm::Val>> values = fieldValues(v, node);
  if (!values) return values.error();
  for (size_t i = 0; i < values->size(); ++i) {
    SABLE_CANON_CHECK(lowerFlat(cx, (*values)[i], node.fields[i].type, out));
  }
  return {};
}

Result<void> storeVariant(LiftLowerContext& cx, const cm::Val& v, const TypeNode& node,
                          uint64_t ptr) {
  Result<uint32_t> index = caseIndex(v, node);
  if (!index) return index.error();
  storeInt(*memoryBytes(cx), ptr, node.abi.discSize, *index);
  if (const std::optional<TypeId>& t = node.cases[*index].type) {
    return store(cx, *v.payload(), *t, ptr + node.abi.payloadOffset);
  }
  return {};
}

Result<void> storeRecord(LiftLowerContext& cx, const cm::Val& v, const TypeNode& node,
                         uint64_t ptr) {
  Result<std::span<const cm::Val>> values = fieldValues(v, node);
  if (!values) return values.error();
  for (size_t i = 0; i < values->size(); ++i) {
    SABLE_CANON_CHECK(store(cx, (*values)[i], node.fields[i].type, ptr + node.abi.fieldOffsets[i]));
  }
  return {};
}

// Stores a (ptr, length) pair, re-reading the memory after the allocations that made it.
Result<void> storePair(LiftLowerContext& cx, Result<std::pair<uint32_t, uint32_t>> pair,
                       uint64_t ptr) {
  if (!pair) return pair.error();
  std::span<uint8_t> bytes = *memoryBytes(cx);
  storeInt(bytes, ptr, 4, pair->first);
  storeInt(bytes, ptr + 4, 4, pair->second);
  return {};
}

}  // namespace

Result<void> lowerFlat(LiftLowerContext& cx, const cm::Val& v, TypeId t, FlatBuffer& out) {
  const TypeNode& node = cx.types[t];
  if (isScalar(node.kind)) {
    Result<uint64_t> bits = scalarBits(v, node.kind);
    if (!bits) return bits.error();
    out.push(*bits);
    return {};
  }
  Result<std::pair<uint32_t, uint32_t>> pair = usage("");
  switch (node.kind) {
    case K::String:
      pair = storeStringValue(cx, v);
      break;
    case K::List:
      pair = storeListIntoRange(cx, v, node.element);
      break;
    case K::Record:
    case K::Tuple:
      return lowerFlatRecord(cx, v, node, out);
    case K::Flags: {
      Result<uint64_t> bits = flagBits(v, node);
      if (!bits) return bits.error();
      out.push(*bits);
      return {};
    }
    case K::Own:
    case K::Borrow: {
      Result<uint32_t> index = handleIndex(cx, v, node);
      if (!index) return index.error();
      out.push(*index);
      return {};
    }
    default:
      return lowerFlatVariant(cx, v, node, out);
  }
  if (!pair) return pair.error();
  out.push(pair->first);
  out.push(pair->second);
  return {};
}

Result<void> store(LiftLowerContext& cx, const cm::Val& v, TypeId t, uint64_t ptr) {
  const TypeNode& node = cx.types[t];
  if (isScalar(node.kind)) {
    Result<uint64_t> bits = scalarBits(v, node.kind);
    if (!bits) return bits.error();
    storeInt(*memoryBytes(cx), ptr, node.abi.size, *bits);
    return {};
  }
  switch (node.kind) {
    case K::String:
      return storePair(cx, storeStringValue(cx, v), ptr);
    case K::List:
      return storePair(cx, storeListIntoRange(cx, v, node.element), ptr);
    case K::Record:
    case K::Tuple:
      return storeRecord(cx, v, node, ptr);
    case K::Flags: {
      Result<uint64_t> bits = flagBits(v, node);
      if (!bits) return bits.error();
      storeInt(*memoryBytes(cx), ptr, node.abi.size, *bits);
      return {};
    }
    case K::Own:
    case K::Borrow: {
      Result<uint32_t> index = handleIndex(cx, v, node);
      if (!index) return index.error();
      storeInt(*memoryBytes(cx), ptr, 4, *index);
      return {};
    }
    default:
      return storeVariant(cx, v, node, ptr);
  }
}

}  // namespace sable::canon
