// Subcommands of the `sable` tool. Each lives in its own <name>_command.cc and is listed in
// main.cc; adding one (say `sable run`) is a new file, a declaration here and a line there.
#pragma once

#include <span>
#include <string_view>

namespace sable::cli {

// A subcommand's own arguments: everything after its name.
using Args = std::span<const std::string_view>;

// Exit statuses every subcommand uses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // an input could not be read or was rejected
inline constexpr int kExitUsage = 2;    // the command line made no sense

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `sable --help`
  std::string_view help;     // `sable help NAME`: starts with the usage line
  int (*run)(Args args);
};

// The subcommands, one per file.
const Command& validateCommand();
const Command& runCommand();
const Command& compileCommand();
const Command& witCommand();
const Command& inspectCommand();
const Command& kvCommand();
const Command& plugCommand();
const Command& composeCommand();

}  // namespace sable::cli
