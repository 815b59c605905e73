// The one command-line parser every subcommand uses: CLI11, set up the same way for each, and
// the one-line usage errors (exit status 2) it reports. Help texts stay hand-written (each
// command's kHelp) because they document exit statuses and value syntax CLI11 cannot describe.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"

namespace sable::cli {

// Where a command's options may stand.
enum class OptionPlacement {
  Anywhere,           // `sable validate a.wasm --json`
  BeforePositionals,  // the first positional ends the options: `sable run app.wasm --flag`
                      // passes `--flag` to the program
};

// A subcommand's options and positionals. `--opt=value` and `--opt value` both work, `--`
// ends the options, `-h`/`--help` prints the command's help.
class CommandLine {
 public:
  CommandLine(const Command& command, OptionPlacement placement);

  // An option taking one value; given twice, the last one counts.
  void addValue(const std::string& name, std::string& value);
  // An option taking one value per use, repeatable: `--env A=1 --env B=2`.
  void addList(const std::string& name, std::vector<std::string>& values);
  // An option taking no value.
  void addFlag(const std::string& name, bool& value);
  // A positional argument (one value).
  void addPositional(const std::string& name, std::string& value);
  // The positional arguments after all others.
  void addPositionalList(const std::string& name, std::vector<std::string>& values);

  // Whether an option was given at all (for options whose empty value means something).
  bool given(const std::string& name) const;

  // Parses `args`. Returns the status to exit with now (kExitOk after printing the help,
  // kExitUsage after the one-line error), or nothing when the command should go on.
  std::optional<int> parse(Args args);

 private:
  const Command& command_;
  CLI::App app_;
  bool help_ = false;
};

}  // namespace sable::cli
