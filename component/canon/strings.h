// Strings across the canonical ABI (CanonicalABI.md "Loading" strings, "Storing" strings): the
// three encodings, their validation, and the exact realloc call sequences of the spec's
// store_string_* functions, which the reference tests observe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "component/canon/context.h"

namespace sable::canon {

// Bit 31 of a latin1+utf16 string's length: the code units are UTF-16.
inline constexpr uint32_t kUtf16Tag = uint32_t{1} << 31;

// load_string_from_range: the string at `ptr` with `taggedCodeUnits` in this side's encoding,
// as UTF-8. Traps on a bad length, alignment or bounds, and on invalid text.
Result<std::string> loadStringFromRange(const LiftLowerContext& cx, uint32_t ptr,
                                        uint32_t taggedCodeUnits);

// load_string_from_range for a side whose encoding is UTF-8, without a copy: the string's
// bytes in memory, validated (valid until memory grows). Traps as loadStringFromRange.
Result<std::string_view> utf8StringInRange(const LiftLowerContext& cx, uint32_t ptr,
                                           uint32_t codeUnits);

// How a source string's code units are encoded (store_string_into_range's "simple" source
// encoding; `latin1+utf16` strings are one or the other by their tag).
enum class SourceEncoding : uint8_t { Utf8, Utf16, Latin1 };

// A string being stored into the other side: its valid code units as bytes (UTF-16
// little-endian), their encoding, and the encoding option of the side it came from (the spec's
// store sequence depends on both).
struct SourceString {
  std::string_view bytes;
  SourceEncoding encoding = SourceEncoding::Utf8;
  StringEncoding sideEncoding = StringEncoding::Utf8;
  uint32_t codeUnits() const {
    return static_cast<uint32_t>(encoding == SourceEncoding::Utf16 ? bytes.size() / 2
                                                                   : bytes.size());
  }
};

// The string at `ptr` with `taggedCodeUnits` in this side's encoding, validated, with its code
// units copied into `storage` (so the source memory may move while it is stored). Traps as
// loadStringFromRange.
Result<SourceString> loadSourceString(const LiftLowerContext& cx, uint32_t ptr,
                                      uint32_t taggedCodeUnits, std::string& storage);

// store_string_into_range: allocates with realloc in the spec's sequence for `src`'s encoding
// and this side's, writes the string and returns (ptr, tagged code units).
Result<std::pair<uint32_t, uint32_t>> storeString(LiftLowerContext& cx, const SourceString& src);

// store_string_into_range for UTF-8 text (a cm::Val string, whose source is UTF-8).
Result<std::pair<uint32_t, uint32_t>> storeStringIntoRange(LiftLowerContext& cx,
                                                           std::string_view utf8);

// Why `bytes` is not UTF-8, in Rust's words ("invalid utf-8 sequence of 1 bytes from index 3",
// "incomplete utf-8 byte sequence from index 0"), or empty when it is valid.
std::string utf8Problem(std::string_view bytes);

}  // namespace sable::canon
