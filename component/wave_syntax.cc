// WAVE keywords and UTF-8 encoding (component/wave_syntax.h).
#include "component/wave_syntax.h"

#include <array>

namespace sable::cm {

bool isWaveKeyword(std::string_view word) {
  static constexpr std::array<std::string_view, 8> kKeywords = {"true", "false", "some", "none",
                                                                "ok",   "err",   "inf",  "nan"};
  for (std::string_view keyword : kKeywords) {
    if (word == keyword) return true;
  }
  return false;
}

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace sable::cm
