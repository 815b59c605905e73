// Reading module files without trusting them: a module path may name a huge file, a pipe, a FIFO
// or a device that never ends (`sable run /dev/zero`), and every subcommand reads through here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "input_error.h"

namespace sable::cli {

// The bytes of a module file, or why there are none.
struct ReadResult {
  std::optional<std::vector<uint8_t>> bytes;
  InputError error;  // when there are no bytes
};

// Reads a module file whole: a regular file, or a pipe, FIFO or device (`/dev/stdin`). Never
// more than kMaxModuleSize (1 GiB): a regular file's size is checked before anything is read,
// and a stream is read only up to the limit. A file that starts neither with the wasm magic
// `\0asm` nor like text (no NUL byte: the text format has none) is not read past its first
// chunk, which is returned for the decoder to reject (so `sable run /dev/zero` fails at once,
// at offset 0). On failure returns the error: kind Io, message `cannot open: <reason>`
// (or `cannot read: ...`, `too large: ...`), which sable prints as `sable: PATH: MESSAGE`.
ReadResult readModule(const std::string& path);

}  // namespace sable::cli
