#include "core/binary_reader.h"

namespace sable {

bool isValidUtf8(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      uint8_t c = p[i + k];
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong encodings, surrogates and code points beyond Unicode are malformed.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string BinaryReader::readName() {
  size_t at = offset();
  uint32_t len = readU32Leb();
  if (!ok()) return {};
  const uint8_t* p = readBytes(len);
  if (!p) return {};
  if (!isValidUtf8(p, len)) {
    fail(ErrorKind::Malformed, at, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(p), len);
}

}  // namespace sable
