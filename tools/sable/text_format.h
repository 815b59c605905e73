// The WebAssembly text format (.wat) as module input: `sable run`, `validate` and `compile`
// accept it wherever they accept a binary. A file is text when it does not start with the
// binary magic `\0asm` and holds no NUL byte; the file name does not matter. The conversion
// comes from wabt (text_format_wabt.cc) when the build has it (SABLE_WAT); otherwise
// text_format_unavailable.cc says so.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "input_error.h"

namespace sable::cli {

// Whether `bytes` are to be read as the text format rather than decoded as a binary module.
bool isTextFormat(std::span<const uint8_t> bytes);

// Whether this build can read the text format.
bool textFormatAvailable();

// The binary module the text in `text` describes, or why there is none: a parse or validation
// error with its line and column (kind Malformed or Invalid), or kind Unsupported when
// the build cannot read the text format. Module-controlled text in messages is escaped.
struct TextConversion {
  std::optional<std::vector<uint8_t>> binary;
  InputError error;  // when there is no binary
};
TextConversion textToBinary(const std::string& path, std::span<const uint8_t> text);

}  // namespace sable::cli
