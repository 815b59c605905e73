// lift_flat and load for every value type.
#include "component/canon/lift.h"

#include <string>
#include <utility>
#include <vector>

#include "component/canon/handle_transfer.h"
#include "component/canon/strings.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

using K = cm::ValKind;

constexpr uint32_t kCanonicalNan32 = 0x7fc00000;
constexpr uint64_t kCanonicalNan64 = 0x7ff8000000000000;

uint32_t canonicalF32(uint32_t bits) {
  bool nan = (bits & 0x7f800000) == 0x7f800000 && (bits & 0x007fffff) != 0;
  return nan ? kCanonicalNan32 : bits;
}

uint64_t canonicalF64(uint64_t bits) {
  bool nan = (bits & 0x7ff0000000000000) == 0x7ff0000000000000 && (bits & 0xfffffffffffff) != 0;
  return nan ? kCanonicalNan64 : bits;
}

// convert_i32_to_char.
Result<cm::Val> liftChar(uint32_t i) {
  if (i >= 0x110000 || (i >= 0xD800 && i <= 0xDFFF)) return trap("invalid `char` bit pattern");
  return cm::Val::character(static_cast<char32_t>(i));
}

// A scalar (bool, integers, floats, char) from the bits of its flat value or memory bytes.
Result<cm::Val> liftScalar(K kind, uint64_t bits) {
  switch (kind) {
    case K::Bool:
      return cm::Val::boolean(static_cast<uint32_t>(bits) != 0);
    case K::S8:
      return cm::Val::s8(static_cast<int8_t>(bits));
    case K::U8:
      return cm::Val::u8(static_cast<uint8_t>(bits));
    case K::S16:
      return cm::Val::s16(static_cast<int16_t>(bits));
    case K::U16:
      return cm::Val::u16(static_cast<uint16_t>(bits));
    case K::S32:
      return cm::Val::s32(static_cast<int32_t>(bits));
    case K::U32:
      return cm::Val::u32(static_cast<uint32_t>(bits));
    case K::S64:
      return cm::Val::s64(static_cast<int64_t>(bits));
    case K::U64:
      return cm::Val::u64(bits);
    case K::F32:
      return cm::Val::f32Bits(canonicalF32(static_cast<uint32_t>(bits)));
    case K::F64:
      return cm::Val::f64Bits(canonicalF64(bits));
    case K::Char:
      return liftChar(static_cast<uint32_t>(bits));
    default:
      return usage("not a scalar type");
  }
}

bool isScalar(K kind) { return kind <= K::Char; }

cm::Val liftFlags(const TypeNode& node, uint64_t bits) {
  std::vector<std::string> set;
  for (size_t i = 0; i < node.flagNames.size(); ++i) {
    if ((bits >> i) & 1) set.push_back(node.flagNames[i]);
  }
  return cm::Val::flags(std::move(set));
}

Result<cm::Val> liftHandle(LiftLowerContext& cx, const TypeNode& node, uint32_t index) {
  if (node.kind == K::Own) return liftOwn(cx, node.resource, index);
  return liftBorrow(cx, node.resource, index);
}

// The value of a variant-like type for case `index` with an optional payload.
cm::Val makeCase(const TypeNode& node, uint32_t index, std::optional<cm::Val> payload) {
  const std::string& name = node.cases[index].name;
  switch (node.kind) {
    case K::Enum:
      return cm::Val::enumCase(name);
    case K::Option:
      return index == 0 ? cm::Val::none() : cm::Val::some(std::move(*payload));
    case K::Result:
      return index == 0 ? cm::Val::ok(std::move(payload)) : cm::Val::err(std::move(payload));
    default:
      return cm::Val::variant(name, std::move(payload));
  }
}

cm::Val makeRecord(const TypeNode& node, std::vector<cm::Val> values) {
  if (node.kind == K::Tuple) return cm::Val::tuple(std::move(values));
  std::vector<std::pair<std::string, cm::Val>> fields;
  fields.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    fields.emplace_back(node.fields[i].name, std::move(values[i]));
  }
  return cm::Val::record(std::move(fields));
}

// A compact list of scalar `kind` from `bytes` (in bounds): integers with one copy, other
// scalars with the lifting rules applied to a copy.
Result<cm::Val> liftScalarList(const LiftLowerContext& cx, K kind, std::span<const uint8_t> bytes) {
  if (kind >= K::S8 && kind <= K::U64) {
    return cx.borrowMemory ? cm::Val::borrowedScalarList(kind, bytes)
                           : cm::Val::scalarList(kind, bytes);
  }
  std::vector<uint8_t> lifted(bytes.begin(), bytes.end());
  SABLE_CANON_CHECK(normaliseScalarList(kind, lifted));
  return cm::Val::scalarList(kind, lifted);
}

// load_list_from_range.
Result<cm::Val> loadListFromRange(LiftLowerContext& cx, uint32_t ptr, uint32_t length,
                                  TypeId elem) {
  const AbiInfo& abi = cx.types[elem].abi;
  uint64_t byteLength = uint64_t{length} * abi.size;
  if (byteLength > kMaxByteLength) return trap("list byte length exceeds 2^28 - 1");
  SABLE_CANON_CHECK(checkRange(cx, ptr, abi.align, byteLength, "list"));
  if (isScalar(cx.types[elem].kind)) {
    Result<std::span<uint8_t>> bytes = memoryBytes(cx);
    if (!bytes) return bytes.error();
    return liftScalarList(cx, cx.types[elem].kind, bytes->subspan(ptr, byteLength));
  }
  if (length > kMaxLiftedListLength) {
    return Error{ErrorKind::Limit, Error::kNoOffset,
                 "list of " + std::to_string(length) + " elements is too long to lift as values"};
  }
  std::vector<cm::Val> elements;
  elements.reserve(length);
  for (uint32_t i = 0; i < length; ++i) {
    Result<cm::Val> e = load(cx, ptr + uint64_t{i} * abi.size, elem);
    if (!e) return e.error();
    elements.push_back(std::move(*e));
  }
  return cm::Val::list(std::move(elements));
}

Result<cm::Val> liftFlatVariant(LiftLowerContext& cx, FlatReader& in, const TypeNode& node) {
  uint64_t start = in.position();
  uint32_t index = static_cast<uint32_t>(in.next());
  if (index >= node.cases.size()) return trap("invalid variant discriminant");
  std::optional<cm::Val> payload;
  if (const std::optional<TypeId>& t = node.cases[index].type) {
    Result<cm::Val> v = liftFlat(cx, in, *t);
    if (!v) return v.error();
    payload = std::move(*v);
  }
  in.skipTo(start + node.abi.flatCount);
  return makeCase(node, index, std::move(payload));
}

Result<cm::Val> liftFlatRecord(LiftLowerContext& cx, FlatReader& in, const TypeNode& node) {
  std::vector<cm::Val> values;
  values.reserve(node.fields.size());
  for (const FieldDesc& f : node.fields) {
    Result<cm::Val> v = liftFlat(cx, in, f.type);
    if (!v) return v.error();
    values.push_back(std::move(*v));
  }
  return makeRecord(node, std::move(values));
}

Result<cm::Val> loadVariant(LiftLowerContext& cx, uint64_t ptr, const TypeNode& node) {
  std::span<const uint8_t> bytes = *memoryBytes(cx);
  uint64_t index = loadInt(bytes, ptr, node.abi.discSize);
  if (index >= node.cases.size()) return trap("invalid variant discriminant");
  std::optional<cm::Val> payload;
  if (const std::optional<TypeId>& t = node.cases[index].type) {
    Result<cm::Val> v = load(cx, ptr + node.abi.payloadOffset, *t);
    if (!v) return v.error();
    payload = std::move(*v);
  }
  return makeCase(node, static_cast<uint32_t>(index), std::move(payload));
}

Result<cm::Val> loadRecord(LiftLowerContext& cx, uint64_t ptr, const TypeNode& node) {
  std::vector<cm::Val> values;
  values.reserve(node.fields.size());
  for (size_t i = 0; i < node.fields.size(); ++i) {
    Result<cm::Val> v = load(cx, ptr + node.abi.fieldOffsets[i], node.fields[i].type);
    if (!v) return v.error();
    values.push_back(std::move(*v));
  }
  return makeRecord(node, std::move(values));
}

Result<cm::Val> liftString(LiftLowerContext& cx, uint32_t ptr, uint32_t taggedUnits) {
  if (cx.borrowMemory && cx.opts.encoding == StringEncoding::Utf8) {
    Result<std::string_view> text = utf8StringInRange(cx, ptr, taggedUnits);
    if (!text) return text.error();
    return cm::Val::borrowedString(*text);
  }
  Result<std::string> s = loadStringFromRange(cx, ptr, taggedUnits);
  if (!s) return s.error();
  return cm::Val::string(std::move(*s));
}

}  // namespace

Result<void> normaliseScalarList(K kind, std::span<uint8_t> bytes) {
  uint32_t size = cm::scalarSize(kind);
  for (size_t i = 0; i + size <= bytes.size() && size > 0; i += size) {
    uint64_t bits = loadInt(bytes, i, size);
    switch (kind) {
      case K::Bool:
        bytes[i] = bits != 0 ? 1 : 0;
        break;
      case K::F32:
        storeInt(bytes, i, 4, canonicalF32(static_cast<uint32_t>(bits)));
        break;
      case K::F64:
        storeInt(bytes, i, 8, canonicalF64(bits));
        break;
      case K::Char:
        SABLE_CANON_CHECK(liftChar(static_cast<uint32_t>(bits)));
        break;
      default:
        return {};
    }
  }
  return {};
}

Result<cm::Val> liftFlat(LiftLowerContext& cx, FlatReader& in, TypeId t) {
  const TypeNode& node = cx.types[t];
  if (isScalar(node.kind)) return liftScalar(node.kind, in.next());
  switch (node.kind) {
    case K::String: {
      uint32_t ptr = static_cast<uint32_t>(in.next());
      return liftString(cx, ptr, static_cast<uint32_t>(in.next()));
    }
    case K::List: {
      uint32_t ptr = static_cast<uint32_t>(in.next());
      return loadListFromRange(cx, ptr, static_cast<uint32_t>(in.next()), node.element);
    }
    case K::Record:
    case K::Tuple:
      return liftFlatRecord(cx, in, node);
    case K::Flags:
      return liftFlags(node, static_cast<uint32_t>(in.next()));
    case K::Own:
    case K::Borrow:
      return liftHandle(cx, node, static_cast<uint32_t>(in.next()));
    default:
      return liftFlatVariant(cx, in, node);
  }
}

Result<cm::Val> load(LiftLowerContext& cx, uint64_t ptr, TypeId t) {
  const TypeNode& node = cx.types[t];
  Result<std::span<uint8_t>> bytes = memoryBytes(cx);
  if (!bytes) return bytes.error();
  if (isScalar(node.kind)) return liftScalar(node.kind, loadInt(*bytes, ptr, node.abi.size));
  switch (node.kind) {
    case K::String:
      return liftString(cx, static_cast<uint32_t>(loadInt(*bytes, ptr, 4)),
                        static_cast<uint32_t>(loadInt(*bytes, ptr + 4, 4)));
    case K::List:
      return loadListFromRange(cx, static_cast<uint32_t>(loadInt(*bytes, ptr, 4)),
                               static_cast<uint32_t>(loadInt(*bytes, ptr + 4, 4)), node.element);
    case K::Record:
    case K::Tuple:
      return loadRecord(cx, ptr, node);
    case K::Flags:
      return liftFlags(node, loadInt(*bytes, ptr, node.abi.size));
    case K::Own:
    case K::Borrow:
      return liftHandle(cx, node, static_cast<uint32_t>(loadInt(*bytes, ptr, 4)));
    default:
      return loadVariant(cx, ptr, node);
  }
}

}  // namespace sable::canon
