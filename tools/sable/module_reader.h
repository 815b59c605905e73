// Reading module files without trusting them: a module path may name a huge file, a pipe, a FIFO
// or a device that never ends (`sable run /dev/zero`), and every subcommand reads through here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sable::cli {

// Reads a module file whole: a regular file, or a pipe, FIFO or device (`/dev/stdin`). Never
// more than kMaxModuleSize (1 GiB): a regular file's size is checked before anything is read,
// and a stream is read only up to the limit. A file that does not start with the wasm magic
// `\0asm` is not read past its first bytes, which are returned for the decoder to reject (so
// `sable run /dev/zero` fails at once, at offset 0). On failure prints one line, `sable: PATH:
// cannot open: <reason>` (or `cannot read: ...`, `too large: ...`), to stderr and returns
// nothing.
std::optional<std::vector<uint8_t>> readModuleOrReport(const std::string& path);

}  // namespace sable::cli
