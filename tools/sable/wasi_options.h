// What `sable run` grants a WASI program, as options spelled like `wasmtime run`'s:
// --dir HOST[::GUEST], --env NAME[=VALUE], --argv0 NAME. Defined once here and added to a
// command's parser with addTo.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "command_line.h"
#include "sable/wasi.h"

namespace sable::cli {

// HOST[::GUEST] (GUEST defaults to HOST), as --dir and --grant PLUG=dir: take it; nullopt when
// either side is empty.
std::optional<WasiPreopen> parsePreopen(const std::string& spec);

// The WASI options as given, before they are checked.
struct WasiOptions {
  std::vector<std::string> dirs;  // --dir HOST[::GUEST], repeatable
  std::vector<std::string> env;   // --env NAME=VALUE or --env NAME, repeatable
  std::string argv0;              // --argv0 NAME: the program's argv[0] (default: the module path)
  std::string cwd;                // --cwd GUEST-PATH: what wasi:cli/environment.initial-cwd says

  // Adds the options to `line`.
  void addTo(CommandLine& line);

  // The WASI configuration for a program at `modulePath` called with `args` (after argv[0]), or
  // the usage error's message ("--dir takes HOST[::GUEST]"). `--env NAME` copies the host's
  // NAME when it is set, and nothing otherwise.
  std::variant<WasiConfig, std::string> config(const std::string& modulePath,
                                               const std::vector<std::string>& args) const;
};

}  // namespace sable::cli
