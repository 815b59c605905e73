#include "text_format.h"

#include <algorithm>
#include <cstring>

namespace sable::cli {

bool isTextFormat(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
  const bool binaryMagic =
      bytes.size() >= sizeof kMagic && std::equal(kMagic, kMagic + sizeof kMagic, bytes.begin());
  // An empty file is neither: let the decoder report the missing header, at offset 0.
  return !bytes.empty() && !binaryMagic && std::memchr(bytes.data(), 0, bytes.size()) == nullptr;
}

}  // namespace sable::cli
