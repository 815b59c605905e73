// Counts on the command line: "0", "42". No sign, no suffix, no fraction: `--repeat 3x` is an
// error, not 3.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sable::cli {

// The decimal number `text` is made of, or nullopt when it is empty, holds anything but
// digits, or does not fit in 64 bits.
std::optional<uint64_t> parseWholeNumber(std::string_view text);

}  // namespace sable::cli
