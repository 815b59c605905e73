#include "whole_number.h"

#include <charconv>

namespace sable::cli {

std::optional<uint64_t> parseWholeNumber(std::string_view text) {
  uint64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

}  // namespace sable::cli
