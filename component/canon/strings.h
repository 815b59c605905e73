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

// store_string_into_range for UTF-8 text (a cm::Val string): allocates with realloc in the
// spec's sequence and returns (ptr, tagged code units).
Result<std::pair<uint32_t, uint32_t>> storeStringIntoRange(LiftLowerContext& cx,
                                                           std::string_view utf8);

// Why `bytes` is not UTF-8, in Rust's words ("invalid utf-8 sequence of 1 bytes from index 3",
// "incomplete utf-8 byte sequence from index 0"), or empty when it is valid.
std::string utf8Problem(std::string_view bytes);

}  // namespace sable::canon
