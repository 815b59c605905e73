// `sable`: the command-line face of the runtime. Dispatches to one subcommand per file.
#include <sable/version.h>

#include <array>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli_util.h"
#include "command.h"

namespace sable::cli {
namespace {

// Every subcommand, in the order `sable --help` lists them.
std::array<const Command*, 3> allCommands() {
  return {&runCommand(), &compileCommand(), &validateCommand()};
}

const Command* findCommand(std::string_view name) {
  for (const Command* command : allCommands()) {
    if (command->name == name) return command;
  }
  return nullptr;
}

void printUsage(std::ostream& out) {
  out << "usage: sable <command> [arguments]\n"
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
  out << "\nRun 'sable help <command>' for a command's arguments and options.\n";
}

int unknownCommand(std::string_view name) {
  std::cerr << "sable: unknown command '" << name << "' (see 'sable --help')\n";
  return kExitUsage;
}

int mainImpl(Args args) {
  if (args.empty()) {
    printUsage(std::cerr);
    return kExitUsage;
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
  if (first.starts_with('-')) {
    std::cerr << "sable: unknown option '" << first << "' (see 'sable --help')\n";
    return kExitUsage;
  }
  const Command* command = findCommand(first);
  if (command == nullptr) return unknownCommand(first);
  return command->run(args.subspan(1));
}

}  // namespace
}  // namespace sable::cli

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  return sable::cli::mainImpl(args);
}
