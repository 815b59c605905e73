// Guest-to-guest transfer of values, flat and in memory.
#include "component/canon/transfer.h"

#include <cstring>
#include <string>
#include <utility>

#include "component/canon/lower.h"
#include "component/canon/strings.h"
#include "component/canon/trap.h"

namespace sable::canon {
namespace {

using K = cm::ValKind;

bool isScalar(K kind) { return kind <= K::Char; }

// The bits of a flags value both sides agree on (lifting drops bits past the last flag).
uint64_t flagMask(const TypeNode& n) {
  size_t count = n.flagNames.size();
  return count >= 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1;
}

}  // namespace

Error Transfer::fromSource(Error e) {
  if (failed_ == TransferSide::None) failed_ = TransferSide::Source;
  return e;
}

Error Transfer::fromDestination(Error e) {
  if (failed_ == TransferSide::None) failed_ = TransferSide::Destination;
  return e;
}

// Returns the error of `expr` tagged with `side` (fromSource or fromDestination).
#define SABLE_TRANSFER_CHECK(side, expr)                                  \
  do {                                                                    \
    auto&& sableTransferResult_ = (expr);                                 \
    if (!sableTransferResult_) return side(sableTransferResult_.error()); \
  } while (false)

Result<std::pair<uint32_t, uint32_t>> Transfer::string(uint32_t ptr, uint32_t taggedUnits) {
  std::string storage;
  Result<SourceString> text = loadSourceString(src_, ptr, taggedUnits, storage);
  if (!text) return fromSource(text.error());
  Result<std::pair<uint32_t, uint32_t>> stored = storeString(dst_, *text);
  if (!stored) return fromDestination(stored.error());
  return stored;
}

// A scalar list: the lifting checks on the source bytes, one allocation, one copy, then the
// lifting rules that rewrite values (bools, NaNs) on the copy.
Result<std::pair<uint32_t, uint32_t>> Transfer::scalarList(uint32_t ptr, uint32_t length,
                                                           TypeId elem) {
  const TypeNode& e = node(elem);
  uint32_t byteLength = length * e.abi.size;
  if (e.kind == K::Char) {
    std::span<uint8_t> chars = memoryBytes(src_)->subspan(ptr, byteLength);
    for (size_t i = 0; i < chars.size(); i += 4) {
      uint32_t c = static_cast<uint32_t>(loadInt(chars, i, 4));
      if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) {
        return fromSource(trap("invalid `char` bit pattern"));
      }
    }
  }
  Result<uint32_t> dstPtr = allocate(dst_, e.abi.align, byteLength);
  if (!dstPtr) return fromDestination(dstPtr.error());
  SABLE_TRANSFER_CHECK(fromDestination,
                       checkAllocation(dst_, *dstPtr, e.abi.align, byteLength, "list"));
  // Both memories are read again after the realloc above (it may have grown either).
  std::span<uint8_t> to = memoryBytes(dst_)->subspan(*dstPtr, byteLength);
  if (byteLength > 0) std::memmove(to.data(), memoryBytes(src_)->data() + ptr, byteLength);
  SABLE_TRANSFER_CHECK(fromSource, normaliseScalarList(e.kind, to));
  return std::pair{*dstPtr, length};
}

Result<std::pair<uint32_t, uint32_t>> Transfer::list(uint32_t ptr, uint32_t length, TypeId elem) {
  const AbiInfo& abi = node(elem).abi;
  uint64_t byteLength = uint64_t{length} * abi.size;
  if (byteLength > kMaxByteLength) return fromSource(trap("list byte length exceeds 2^28 - 1"));
  SABLE_TRANSFER_CHECK(fromSource, checkRange(src_, ptr, abi.align, byteLength, "list"));
  if (isScalar(node(elem).kind)) return scalarList(ptr, length, elem);
  Result<uint32_t> dstPtr = allocate(dst_, abi.align, static_cast<uint32_t>(byteLength));
  if (!dstPtr) return fromDestination(dstPtr.error());
  SABLE_TRANSFER_CHECK(fromDestination,
                       checkAllocation(dst_, *dstPtr, abi.align, byteLength, "list"));
  for (uint32_t i = 0; i < length; ++i) {
    uint64_t offset = uint64_t{i} * abi.size;
    SABLE_CANON_CHECK(inMemory(ptr + offset, elem, *dstPtr + offset));
  }
  return std::pair{*dstPtr, length};
}

// Scalars and handles go through a cm::Val, which holds them inline (no allocation); handles
// move through the host's table exactly as a lift then a lower would move them.
Result<void> Transfer::scalarOrHandleInMemory(uint64_t srcPtr, TypeId t, uint64_t dstPtr) {
  Result<cm::Val> v = load(src_, srcPtr, t);
  if (!v) return fromSource(v.error());
  SABLE_TRANSFER_CHECK(fromDestination, store(dst_, *v, t, dstPtr));
  return {};
}

Result<void> Transfer::variantInMemory(uint64_t srcPtr, const TypeNode& n, uint64_t dstPtr) {
  uint64_t index = loadInt(*memoryBytes(src_), srcPtr, n.abi.discSize);
  if (index >= n.cases.size()) return fromSource(trap("invalid variant discriminant"));
  storeInt(*memoryBytes(dst_), dstPtr, n.abi.discSize, index);
  if (const std::optional<TypeId>& payload = n.cases[index].type) {
    return inMemory(srcPtr + n.abi.payloadOffset, *payload, dstPtr + n.abi.payloadOffset);
  }
  return {};
}

Result<void> Transfer::inMemory(uint64_t srcPtr, TypeId t, uint64_t dstPtr) {
  const TypeNode& n = node(t);
  std::span<const uint8_t> from = *memoryBytes(src_);
  switch (n.kind) {
    case K::String:
    case K::List: {
      auto ptr = static_cast<uint32_t>(loadInt(from, srcPtr, 4));
      auto length = static_cast<uint32_t>(loadInt(from, srcPtr + 4, 4));
      Result<std::pair<uint32_t, uint32_t>> moved =
          n.kind == K::String ? string(ptr, length) : list(ptr, length, n.element);
      if (!moved) return moved.error();
      std::span<uint8_t> to = *memoryBytes(dst_);
      storeInt(to, dstPtr, 4, moved->first);
      storeInt(to, dstPtr + 4, 4, moved->second);
      return {};
    }
    case K::Record:
    case K::Tuple:
      for (size_t i = 0; i < n.fields.size(); ++i) {
        uint32_t offset = n.abi.fieldOffsets[i];
        SABLE_CANON_CHECK(inMemory(srcPtr + offset, n.fields[i].type, dstPtr + offset));
      }
      return {};
    case K::Flags:
      storeInt(*memoryBytes(dst_), dstPtr, n.abi.size,
               loadInt(from, srcPtr, n.abi.size) & flagMask(n));
      return {};
    case K::Variant:
    case K::Enum:
    case K::Option:
    case K::Result:
      return variantInMemory(srcPtr, n, dstPtr);
    default:
      return scalarOrHandleInMemory(srcPtr, t, dstPtr);
  }
}

Result<void> Transfer::variantFlat(FlatReader& in, const TypeNode& n, FlatBuffer& out) {
  size_t start = in.position();
  auto index = static_cast<uint32_t>(in.next());
  if (index >= n.cases.size()) return fromSource(trap("invalid variant discriminant"));
  size_t outStart = out.size();
  out.push(index);
  if (const std::optional<TypeId>& payload = n.cases[index].type) {
    SABLE_CANON_CHECK(flat(in, *payload, out));
  }
  in.skipTo(start + n.abi.flatCount);
  out.resize(outStart + n.abi.flatCount);
  return {};
}

Result<void> Transfer::flat(FlatReader& in, TypeId t, FlatBuffer& out) {
  const TypeNode& n = node(t);
  switch (n.kind) {
    case K::String:
    case K::List: {
      auto ptr = static_cast<uint32_t>(in.next());
      auto length = static_cast<uint32_t>(in.next());
      Result<std::pair<uint32_t, uint32_t>> moved =
          n.kind == K::String ? string(ptr, length) : list(ptr, length, n.element);
      if (!moved) return moved.error();
      out.push(moved->first);
      out.push(moved->second);
      return {};
    }
    case K::Record:
    case K::Tuple:
      for (const FieldDesc& f : n.fields) SABLE_CANON_CHECK(flat(in, f.type, out));
      return {};
    case K::Flags:
      out.push(in.next() & flagMask(n));
      return {};
    case K::Variant:
    case K::Enum:
    case K::Option:
    case K::Result:
      return variantFlat(in, n, out);
    default: {
      Result<cm::Val> v = liftFlat(src_, in, t);
      if (!v) return fromSource(v.error());
      SABLE_TRANSFER_CHECK(fromDestination, lowerFlat(dst_, *v, t, out));
      return {};
    }
  }
}

#undef SABLE_TRANSFER_CHECK

}  // namespace sable::canon
