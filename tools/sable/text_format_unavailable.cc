// Text format input in a build without wabt (SABLE_WAT off, as in the arm64 cross build: Debian's
// wabt cannot be installed for two architectures at once): every text file is refused with one
// clear line.
#include "text_format.h"

namespace sable::cli {

bool textFormatAvailable() { return false; }

TextConversion textToBinary(const std::string&, std::span<const uint8_t>) {
  return {std::nullopt,
          InputError{ErrorKind::Unsupported,
                     "this build cannot read the text format (built without wabt, SABLE_WAT=OFF); "
                     "convert it with wat2wasm first",
                     0, 0}};
}

}  // namespace sable::cli
