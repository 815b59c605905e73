// Sizes on the command line: "65536", "64K", "8M", "4G" (binary multiples, case-insensitive).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sable::cli {

// The number of bytes `text` names, or nullopt for anything else (empty, a sign, a fraction,
// another suffix, or a value that does not fit in 64 bits).
std::optional<uint64_t> parseByteSize(std::string_view text);

}  // namespace sable::cli
