// The module a path names, as binary module bytes: read through module_reader.h, and converted
// from the text format (text_format.h) when the file is text. Every subcommand loads its
// modules through here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "input_error.h"

namespace sable::cli {

// A loaded module: its binary bytes, or why there are none.
struct LoadedModule {
  std::optional<std::vector<uint8_t>> binary;
  bool fromText = false;  // the file was the text format
  InputError error;       // when there is no binary
};

// Reads the file at `path` and returns its binary module bytes (converted when the file is the
// text format). Bytes that are neither text nor a valid binary are returned as they are, for
// the decoder to reject with an offset.
LoadedModule loadModule(const std::string& path);

// loadModule, printing the error as one line, `sable: PATH: MESSAGE`, when there is no binary.
std::optional<std::vector<uint8_t>> loadModuleOrReport(const std::string& path);

}  // namespace sable::cli
