// WAVE keywords (component/wave_syntax.h).
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

}  // namespace sable::cm
