// Why a module file gave no module bytes: it could not be read, or its text format could not be
// parsed. What `sable` prints as `sable: FILE: MESSAGE`, and what `--json` reports as "error".
#pragma once

#include <cstdint>
#include <string>

#include "sable/result.h"

namespace sable::cli {

struct InputError {
  // Io (cannot open or read, too large), Malformed (text that does not parse), Invalid (text
  // that parses but fails wabt's checks), Unsupported (text format in a build without it):
  // the runtime's kinds, so that --json reports one vocabulary.
  ErrorKind kind = ErrorKind::Io;
  // "cannot open: No such file or directory", "malformed text at 3:5: unexpected token ...".
  std::string message;
  // For text format errors: where, 1-based; 0 when the error has no place in the text.
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace sable::cli
