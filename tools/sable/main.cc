// `sable`: the command-line face of the runtime. Dispatches to one subcommand per file.
#include <sable/version.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <iostream>
#include <new>
#include <string_view>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "text_format.h"

namespace sable::cli {
namespace {

// Every subcommand, in the order `sable --help` lists them.
std::array<const Command*, 8> allCommands() {
  return {&runCommand(),     &compileCommand(), &validateCommand(), &witCommand(),
          &inspectCommand(), &kvCommand(),      &plugCommand(),     &composeCommand()};
}

const Command* findCommand(std::string_view name) {
  for (const Command* command : allCommands()) {
    if (command->name == name) return command;
  }
  return nullptr;
}

void printUsage(std::ostream& out) {
  out << "usage: sable <command> [arguments]\n"
         "       sable [run options] [--] MODULE [ARGS...]   (sable run, `run` left out)\n"
         "       sable help <command> | --help | --version\n"
         "\n"
         "Sable " SABLE_VERSION_STRING
         ", a WebAssembly 2.0 runtime with WASI preview 1 (work in progress: SIMD is not available "
         "yet).\n"
         "\n"
         "commands:\n";
  for (const Command* command : allCommands()) {
    out << "  " << command->name << std::string(12 - command->name.size(), ' ') << command->summary
        << '\n';
  }
  out << "\nRun 'sable help <command>' (or 'sable <command> --help') for a command's arguments\n"
         "and options. Options take their value as `--opt value` or `--opt=value`; `--` ends\n"
         "them. MODULE may be a binary (.wasm) or a text (.wat) module.\n";
  out << (textFormatAvailable()
              ? "This build reads the text format.\n"
              : "This build cannot read the text format (built without wabt, SABLE_WAT=OFF).\n");
  out << "\n"
         "exit status: 2 and one line on stderr for a bad command line; see each command.\n";
}

int unknownCommand(std::string_view name) {
  return usageError("unknown command '" + escapeText(name) + "'");
}

// Whether `sable WORD ...` means `sable run WORD ...`: WORD is an option of `run` or names a
// module file. A word that is neither a file nor looks like a path ("frobnicate") is taken
// for a mistyped command, which is the likelier mistake.
bool meansRun(std::string_view word) {
  if (word.starts_with('-')) return true;
  if (word.find('/') != std::string_view::npos || word.find('.') != std::string_view::npos) {
    return true;
  }
  return ::access(std::string(word).c_str(), F_OK) == 0;
}

int mainImpl(Args args) {
  if (args.empty()) {
    return usageError(
        "no command or module; usage: sable <command> [arguments] or "
        "sable MODULE [ARGS...]");
  }
  const std::string_view first = args[0];
  if (first == "-h" || first == "--help") {
    printUsage(std::cout);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "sable " SABLE_VERSION_STRING " (commit " SABLE_GIT_COMMIT ")\n";
    return kExitOk;
  }
  if (first == "help") {
    if (args.size() == 1) {
      printUsage(std::cout);
      return kExitOk;
    }
    const Command* command = findCommand(args[1]);
    if (command == nullptr) return unknownCommand(args[1]);
    std::cout << command->help;
    return kExitOk;
  }
  if (const Command* command = findCommand(first)) return command->run(args.subspan(1));
  if (meansRun(first)) return runCommand().run(args);
  return unknownCommand(first);
}

}  // namespace
}  // namespace sable::cli

int main(int argc, char** argv) {
  // The library returns allocation failures as errors; this is the last resort for the tool's
  // own allocations, so that running out of memory is one line and status 1, never an abort
  // (whose status, 134, would read as a trap).
  try {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    return sable::cli::mainImpl(args);
  } catch (const std::bad_alloc&) {
    std::fputs("sable: out of memory\n", stderr);
    return sable::cli::kExitFailure;
  }
}
