#include "sable/printable.h"

#include <cstdint>

namespace sable {
namespace {

// The UTF-8 sequence at the start of `p` (n > 0 bytes): its length and code point, or 0 when it
// is not well-formed (stray continuation byte, truncated, overlong, surrogate, beyond U+10FFFF).
size_t decodeUtf8(const unsigned char* p, size_t n, char32_t& cp) {
  const unsigned char b = p[0];
  size_t len;
  if (b < 0x80) {
    cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    len = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return len;
}

// Code points beyond ASCII that act on a terminal or on how a line reads: the C1 controls (CSI,
// OSC, NEL... which some terminals obey even UTF-8 encoded), the Unicode line and paragraph
// separators, and the bidirectional marks, embeddings, overrides and isolates that reorder text.
bool isHostileCodePoint(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void appendHex(std::string& out, uint32_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(value >> shift) & 15];
}

}  // namespace

std::string escapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const size_t len = decodeUtf8(p + i, text.size() - i, cp);
    if (len == 0 || cp < 0x20 || cp == 0x7F) {  // not UTF-8, or a C0 control or DEL
      out += "\\x";
      appendHex(out, p[i], 2);
      i += 1;
      continue;
    }
    if (isHostileCodePoint(cp)) {
      out += "\\u{";
      appendHex(out, static_cast<uint32_t>(cp), cp > 0xFF ? 4 : 2);
      out += '}';
    } else if (cp == '\\' || cp == '"') {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string quotedName(std::string_view name) { return '"' + escapeText(name) + '"'; }

std::string printableName(std::string_view name) {
  std::string escaped = escapeText(name);
  if (!name.empty() && escaped == name && name.find(' ') == std::string_view::npos) return escaped;
  return '"' + escaped + '"';
}

}  // namespace sable
