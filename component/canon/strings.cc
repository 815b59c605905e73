// String loading and the store_string_* algorithms of CanonicalABI.md.
#include "component/canon/strings.h"

#include <cstring>
#include <vector>

#include "component/canon/trap.h"
#include "component/utf8.h"

namespace sable::canon {
namespace {

using cm::appendUtf8;

// The length of the UTF-8 sequence starting with `lead`, and the bounds of its second byte
// (which rule out overlong forms, surrogates and code points past U+10FFFF); 0 for a bad lead.
struct Utf8Lead {
  int length;
  uint8_t lo, hi;
};
Utf8Lead utf8Lead(uint8_t b) {
  if (b < 0x80) return {1, 0, 0};
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

// Decodes valid UTF-8 (checked by utf8Problem) into code points.
std::u32string decodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint8_t b = static_cast<uint8_t>(s[i]);
    int len = utf8Lead(b).length;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<size_t>(len);
  }
  return out;
}

void appendUtf16(std::vector<uint8_t>& out, char32_t c) {
  auto unit = [&](uint32_t u) {
    out.push_back(static_cast<uint8_t>(u));
    out.push_back(static_cast<uint8_t>(u >> 8));
  };
  if (c < 0x10000) {
    unit(c);
  } else {
    uint32_t v = c - 0x10000;
    unit(0xD800 | (v >> 10));
    unit(0xDC00 | (v & 0x3FF));
  }
}

std::vector<uint8_t> encodeUtf16(const std::u32string& text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() * 2);
  for (char32_t c : text) appendUtf16(out, c);
  return out;
}

Result<std::string> decodeUtf16(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); i += 2) {
    char32_t u = bytes[i] | (char32_t{bytes[i + 1]} << 8);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t lo = bytes[i + 2] | (char32_t{bytes[i + 3]} << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) return trap("invalid utf-16: unpaired surrogate");
    appendUtf8(out, u);
  }
  return out;
}

std::string decodeLatin1(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (uint8_t b : bytes) appendUtf8(out, b);
  return out;
}

void copyInto(std::span<uint8_t> mem, uint32_t ptr, std::span<const uint8_t> src) {
  if (!src.empty()) std::memcpy(mem.data() + ptr, src.data(), src.size());
}

std::span<const uint8_t> asBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

using Stored = std::pair<uint32_t, uint32_t>;

// The code points of a valid source string.
std::u32string codePointsOf(const SourceString& src) {
  std::span<const uint8_t> bytes = asBytes(src.bytes);
  if (src.encoding == SourceEncoding::Utf8) return decodeUtf8(src.bytes);
  if (src.encoding == SourceEncoding::Latin1) return {bytes.begin(), bytes.end()};
  std::u32string out;
  out.reserve(bytes.size() / 2);
  for (size_t i = 0; i < bytes.size(); i += 2) {
    char32_t u = bytes[i] | (char32_t{bytes[i + 1]} << 8);
    if (u >= 0xD800 && u <= 0xDBFF) {  // valid input: a low surrogate follows
      char32_t lo = bytes[i + 2] | (char32_t{bytes[i + 3]} << 8);
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    }
    out.push_back(u);
  }
  return out;
}

// Latin-1 bytes inflated to UTF-16 code units.
std::vector<uint8_t> inflateLatin1(std::span<const uint8_t> latin1) {
  std::vector<uint8_t> out(2 * latin1.size());
  for (size_t i = 0; i < latin1.size(); ++i) out[2 * i] = latin1[i];
  return out;
}

// store_string_copy: `encoded` is the destination's bytes, known before allocating.
Result<Stored> storeCopy(LiftLowerContext& cx, std::span<const uint8_t> encoded, uint32_t align,
                         uint32_t codeUnits) {
  uint32_t n = static_cast<uint32_t>(encoded.size());
  Result<uint32_t> ptr = allocate(cx, align, n);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, align, n, "string"));
  copyInto(*memoryBytes(cx), *ptr, encoded);
  return Stored{*ptr, codeUnits};
}

// store_string_to_utf8 (from UTF-16 or Latin-1): speculate one byte per code unit, then grow
// to `worst`, finish, shrink.
Result<Stored> storeToUtf8(LiftLowerContext& cx, const std::u32string& text, uint32_t srcUnits,
                           uint32_t worst) {
  Result<uint32_t> ptr = allocate(cx, 1, srcUnits);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 1, srcUnits, "string"));
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] < 0x80) {
      (*memoryBytes(cx))[*ptr + i] = static_cast<uint8_t>(text[i]);
      continue;
    }
    Result<uint32_t> grown = reallocate(cx, *ptr, srcUnits, 1, worst);
    if (!grown) return grown.error();
    SABLE_CANON_CHECK(checkAllocation(cx, *grown, 1, worst, "string"));
    std::string encoded;
    for (char32_t c : text) appendUtf8(encoded, c);
    copyInto(*memoryBytes(cx), *grown + static_cast<uint32_t>(i), asBytes(encoded).subspan(i));
    uint32_t len = static_cast<uint32_t>(encoded.size());
    if (worst > len) {
      grown = reallocate(cx, *grown, worst, 1, len);
      if (!grown) return grown.error();
      SABLE_CANON_CHECK(checkAllocation(cx, *grown, 1, len, "string"));
    }
    return Stored{*grown, len};
  }
  return Stored{*ptr, srcUnits};
}

// store_utf8_to_utf16: worst case first, then shrink.
Result<Stored> storeUtf8ToUtf16(LiftLowerContext& cx, const std::u32string& text,
                                uint32_t srcUnits) {
  uint32_t worst = 2 * srcUnits;
  Result<uint32_t> ptr = allocate(cx, 2, worst);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, worst, "string"));
  std::vector<uint8_t> encoded = encodeUtf16(text);
  copyInto(*memoryBytes(cx), *ptr, encoded);
  uint32_t len = static_cast<uint32_t>(encoded.size());
  if (len < worst) {
    ptr = reallocate(cx, *ptr, worst, 2, len);
    if (!ptr) return ptr.error();
    SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, len, "string"));
  }
  return Stored{*ptr, len / 2};
}

// The tail of store_string_to_latin1_or_utf16 once a code point outside Latin-1 shows up:
// grow to the worst case, inflate the Latin-1 bytes written so far in place, write the rest as
// UTF-16, shrink.
Result<Stored> inflateToUtf16(LiftLowerContext& cx, uint32_t ptr, uint32_t srcUnits,
                              uint32_t latin1Len, const std::u32string& text) {
  uint32_t worst = 2 * srcUnits;
  Result<uint32_t> grown = reallocate(cx, ptr, srcUnits, 2, worst);
  if (!grown) return grown.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *grown, 2, worst, "string"));
  std::span<uint8_t> mem = *memoryBytes(cx);
  for (uint32_t j = latin1Len; j-- > 0;) {
    mem[*grown + 2 * j] = mem[*grown + j];
    mem[*grown + 2 * j + 1] = 0;
  }
  std::vector<uint8_t> encoded = encodeUtf16(text);
  copyInto(mem, *grown + 2 * latin1Len,
           std::span<const uint8_t>(encoded).subspan(2 * size_t{latin1Len}));
  uint32_t len = static_cast<uint32_t>(encoded.size());
  uint32_t out = *grown;
  if (worst > len) {
    Result<uint32_t> shrunk = reallocate(cx, out, worst, 2, len);
    if (!shrunk) return shrunk.error();
    SABLE_CANON_CHECK(checkAllocation(cx, *shrunk, 2, len, "string"));
    out = *shrunk;
  }
  return Stored{out, (len / 2) | kUtf16Tag};
}

// store_string_to_latin1_or_utf16 (from UTF-8 or UTF-16): speculate Latin-1, fall back to
// UTF-16.
Result<Stored> storeToLatin1OrUtf16(LiftLowerContext& cx, const std::u32string& text,
                                    uint32_t srcUnits) {
  Result<uint32_t> ptr = allocate(cx, 2, srcUnits);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, srcUnits, "string"));
  uint32_t latin1Len = 0;
  for (char32_t c : text) {
    if (c >= 0x100) return inflateToUtf16(cx, *ptr, srcUnits, latin1Len, text);
    (*memoryBytes(cx))[*ptr + latin1Len] = static_cast<uint8_t>(c);
    ++latin1Len;
  }
  if (latin1Len < srcUnits) {
    ptr = reallocate(cx, *ptr, srcUnits, 2, latin1Len);
    if (!ptr) return ptr.error();
    SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, latin1Len, "string"));
  }
  return Stored{*ptr, latin1Len};
}

// store_probably_utf16_to_latin1_or_utf16 (from a latin1+utf16 side's UTF-16): UTF-16 first,
// deflated to Latin-1 when every code point fits.
Result<Stored> storeProbablyUtf16(LiftLowerContext& cx, const SourceString& src,
                                  const std::u32string& text) {
  uint32_t byteLength = static_cast<uint32_t>(src.bytes.size());
  Result<uint32_t> ptr = allocate(cx, 2, byteLength);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, byteLength, "string"));
  std::span<uint8_t> mem = *memoryBytes(cx);
  copyInto(mem, *ptr, asBytes(src.bytes));
  for (char32_t c : text) {
    if (c >= 0x100) return Stored{*ptr, src.codeUnits() | kUtf16Tag};
  }
  uint32_t latin1Size = byteLength / 2;
  for (uint32_t i = 0; i < latin1Size; ++i) mem[*ptr + i] = mem[*ptr + 2 * i];
  ptr = reallocate(cx, *ptr, byteLength, 1, latin1Size);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 1, latin1Size, "string"));
  return Stored{*ptr, latin1Size};
}

Result<Stored> storeIntoUtf8(LiftLowerContext& cx, const SourceString& src) {
  uint32_t n = src.codeUnits();
  switch (src.encoding) {
    case SourceEncoding::Utf8:
      return storeCopy(cx, asBytes(src.bytes), 1, n);
    case SourceEncoding::Utf16:
      return storeToUtf8(cx, codePointsOf(src), n, 3 * n);
    case SourceEncoding::Latin1:
      return storeToUtf8(cx, codePointsOf(src), n, 2 * n);
  }
  return usage("unknown string encoding");
}

Result<Stored> storeIntoUtf16(LiftLowerContext& cx, const SourceString& src) {
  uint32_t n = src.codeUnits();
  switch (src.encoding) {
    case SourceEncoding::Utf8:
      return storeUtf8ToUtf16(cx, codePointsOf(src), n);
    case SourceEncoding::Utf16:
      return storeCopy(cx, asBytes(src.bytes), 2, n);
    case SourceEncoding::Latin1:
      return storeCopy(cx, inflateLatin1(asBytes(src.bytes)), 2, n);
  }
  return usage("unknown string encoding");
}

Result<Stored> storeIntoLatin1OrUtf16(LiftLowerContext& cx, const SourceString& src) {
  if (src.sideEncoding != StringEncoding::Latin1Utf16) {
    return storeToLatin1OrUtf16(cx, codePointsOf(src), src.codeUnits());
  }
  if (src.encoding == SourceEncoding::Latin1) {
    return storeCopy(cx, asBytes(src.bytes), 2, src.codeUnits());
  }
  return storeProbablyUtf16(cx, src, codePointsOf(src));
}

}  // namespace

namespace {

// The length of the prefix of `s` that is ASCII, read eight bytes at a time (most text crossing
// a component boundary is keys and names: the per-byte decoder below is for the rest).
size_t asciiPrefix(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & kHighBits) break;
  }
  while (i < s.size() && static_cast<uint8_t>(s[i]) < 0x80) ++i;
  return i;
}

}  // namespace

std::string utf8Problem(std::string_view s) {
  for (size_t i = asciiPrefix(s); i < s.size();) {
    Utf8Lead lead = utf8Lead(static_cast<uint8_t>(s[i]));
    if (lead.length == 0) {
      return "invalid utf-8 sequence of 1 bytes from index " + std::to_string(i);
    }
    for (int k = 1; k < lead.length; ++k) {
      if (i + k >= s.size())
        return "incomplete utf-8 byte sequence from index " + std::to_string(i);
      uint8_t b = static_cast<uint8_t>(s[i + k]);
      uint8_t lo = k == 1 ? lead.lo : 0x80, hi = k == 1 ? lead.hi : 0xBF;
      if (b < lo || b > hi) {
        return "invalid utf-8 sequence of " + std::to_string(k) + " bytes from index " +
               std::to_string(i);
      }
    }
    i += static_cast<size_t>(lead.length);
  }
  return {};
}

namespace {

// A string's place in memory after load_string_from_range's checks: its code units' bytes
// (in bounds) and their encoding.
Result<std::pair<std::span<const uint8_t>, SourceEncoding>> stringRange(const LiftLowerContext& cx,
                                                                        uint32_t ptr,
                                                                        uint32_t taggedCodeUnits) {
  StringEncoding enc = cx.opts.encoding;
  bool utf16 = enc == StringEncoding::Utf16 ||
               (enc == StringEncoding::Latin1Utf16 && (taggedCodeUnits & kUtf16Tag));
  uint64_t units =
      enc == StringEncoding::Latin1Utf16 ? (taggedCodeUnits & ~kUtf16Tag) : taggedCodeUnits;
  uint64_t byteLength = utf16 ? 2 * units : units;
  uint32_t align = enc == StringEncoding::Utf8 ? 1 : 2;
  if (byteLength > kMaxByteLength) return trap("string byte length exceeds 2^28 - 1");
  SABLE_CANON_CHECK(checkRange(cx, ptr, align, byteLength, "string"));
  SourceEncoding source = utf16                                ? SourceEncoding::Utf16
                          : enc == StringEncoding::Latin1Utf16 ? SourceEncoding::Latin1
                                                               : SourceEncoding::Utf8;
  std::span<const uint8_t> bytes = memoryBytes(cx)->subspan(ptr, byteLength);
  return std::pair{bytes, source};
}

}  // namespace

Result<std::string> loadStringFromRange(const LiftLowerContext& cx, uint32_t ptr,
                                        uint32_t taggedCodeUnits) {
  auto range = stringRange(cx, ptr, taggedCodeUnits);
  if (!range) return range.error();
  auto [bytes, encoding] = *range;
  if (encoding == SourceEncoding::Utf16) return decodeUtf16(bytes);
  if (encoding == SourceEncoding::Latin1) return decodeLatin1(bytes);
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (std::string problem = utf8Problem(text); !problem.empty()) return trap(problem);
  return std::string(text);
}

Result<std::string_view> utf8StringInRange(const LiftLowerContext& cx, uint32_t ptr,
                                           uint32_t codeUnits) {
  if (cx.opts.encoding != StringEncoding::Utf8) return usage("the side's strings are not UTF-8");
  auto range = stringRange(cx, ptr, codeUnits);
  if (!range) return range.error();
  std::string_view text(reinterpret_cast<const char*>(range->first.data()), range->first.size());
  if (std::string problem = utf8Problem(text); !problem.empty()) return trap(problem);
  return text;
}

Result<SourceString> loadSourceString(const LiftLowerContext& cx, uint32_t ptr,
                                      uint32_t taggedCodeUnits, std::string& storage) {
  auto range = stringRange(cx, ptr, taggedCodeUnits);
  if (!range) return range.error();
  auto [bytes, encoding] = *range;
  storage.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (encoding == SourceEncoding::Utf16) {
    if (Result<std::string> valid = decodeUtf16(bytes); !valid) return valid.error();
  } else if (encoding == SourceEncoding::Utf8) {
    if (std::string problem = utf8Problem(storage); !problem.empty()) return trap(problem);
  }
  return SourceString{storage, encoding, cx.opts.encoding};
}

Result<std::pair<uint32_t, uint32_t>> storeString(LiftLowerContext& cx, const SourceString& src) {
  switch (cx.opts.encoding) {
    case StringEncoding::Utf8:
      return storeIntoUtf8(cx, src);
    case StringEncoding::Utf16:
      return storeIntoUtf16(cx, src);
    case StringEncoding::Latin1Utf16:
      return storeIntoLatin1OrUtf16(cx, src);
  }
  return usage("unknown string encoding");
}

Result<std::pair<uint32_t, uint32_t>> storeStringIntoRange(LiftLowerContext& cx,
                                                           std::string_view utf8) {
  if (std::string problem = utf8Problem(utf8); !problem.empty()) {
    return usage("string value is not UTF-8: " + problem);
  }
  if (utf8.size() > kMaxByteLength) return trap("string byte length exceeds 2^28 - 1");
  return storeString(cx, SourceString{utf8, SourceEncoding::Utf8, StringEncoding::Utf8});
}

}  // namespace sable::canon
