// String loading and the store_string_* algorithms of CanonicalABI.md.
#include "component/canon/strings.h"

#include <cstring>
#include <vector>

#include "component/canon/trap.h"

namespace sable::canon {
namespace {

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

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

// store_string_copy from UTF-8 into UTF-8.
Result<Stored> storeUtf8Copy(LiftLowerContext& cx, std::string_view src) {
  uint32_t n = static_cast<uint32_t>(src.size());
  Result<uint32_t> ptr = allocate(cx, 1, n);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 1, n, "string"));
  copyInto(*memoryBytes(cx), *ptr, asBytes(src));
  return Stored{*ptr, n};
}

// store_utf8_to_utf16: worst case first, then shrink.
Result<Stored> storeUtf8ToUtf16(LiftLowerContext& cx, std::string_view src) {
  uint32_t worst = 2 * static_cast<uint32_t>(src.size());
  Result<uint32_t> ptr = allocate(cx, 2, worst);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, worst, "string"));
  std::vector<uint8_t> encoded = encodeUtf16(decodeUtf8(src));
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

// store_string_to_latin1_or_utf16: speculate Latin-1, fall back to UTF-16.
Result<Stored> storeToLatin1OrUtf16(LiftLowerContext& cx, std::string_view src) {
  uint32_t srcUnits = static_cast<uint32_t>(src.size());
  Result<uint32_t> ptr = allocate(cx, 2, srcUnits);
  if (!ptr) return ptr.error();
  SABLE_CANON_CHECK(checkAllocation(cx, *ptr, 2, srcUnits, "string"));
  std::u32string text = decodeUtf8(src);
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

}  // namespace

std::string utf8Problem(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
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

Result<std::string> loadStringFromRange(const LiftLowerContext& cx, uint32_t ptr,
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
  std::span<const uint8_t> bytes = memoryBytes(cx)->subspan(ptr, byteLength);
  if (utf16) return decodeUtf16(bytes);
  if (enc == StringEncoding::Latin1Utf16) return decodeLatin1(bytes);
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (std::string problem = utf8Problem(text); !problem.empty()) return trap(problem);
  return std::string(text);
}

Result<std::pair<uint32_t, uint32_t>> storeStringIntoRange(LiftLowerContext& cx,
                                                           std::string_view utf8) {
  if (std::string problem = utf8Problem(utf8); !problem.empty()) {
    return usage("string value is not UTF-8: " + problem);
  }
  if (utf8.size() > kMaxByteLength) return trap("string byte length exceeds 2^28 - 1");
  switch (cx.opts.encoding) {
    case StringEncoding::Utf8:
      return storeUtf8Copy(cx, utf8);
    case StringEncoding::Utf16:
      return storeUtf8ToUtf16(cx, utf8);
    case StringEncoding::Latin1Utf16:
      return storeToLatin1OrUtf16(cx, utf8);
  }
  return usage("unknown string encoding");
}

}  // namespace sable::canon
