// `sable wit COMPONENT.wasm...`: print each component's world in WIT.
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "module_source.h"
#include "sable/component.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable wit [--] COMPONENT...

Decodes and validates each component binary (.wasm with a component preamble: version 0x0d,
layer 1) and prints its world in WIT: a package-less `world root { ... }` listing what it
imports and exports (`import example:kv/kv-store;`, `export run: func() -> string;`), then a
`package ns:pkg { interface ... }` block defining each interface it names, with their types
(records, variants, enums, flags, resources with their constructors, methods and static
functions) and `use` where an interface takes a type from another. Names that are WIT keywords
are written with a `%`. With several files, each world follows a `// FILE` line.

A file that cannot be read, is a core module, or whose component is malformed or invalid gets
one line 'sable: FILE: <error>' on stderr; the other files are still printed.

options:
  -h, --help    show this help

exit status: 0 when every file is a valid component, 1 otherwise, 2 for a bad command line.
)";

// Prints one component's world; returns whether it could.
bool printWorld(const Engine& engine, const std::string& path, bool withHeader) {
  std::optional<std::vector<uint8_t>> bytes = loadModuleOrReport(path);
  if (!bytes) return false;
  if (!cm::isComponentBinary(*bytes)) {
    reportError(path, "not a component (a core module has no world)");
    return false;
  }
  Result<cm::Component> component = cm::Component::compile(engine, *bytes);
  if (!component) {
    reportError(path, component.error().toString());
    return false;
  }
  if (withHeader) std::cout << "// " << path << '\n';
  std::cout << component->witText();
  return true;
}

int run(Args args) {
  std::vector<std::string> files;
  CommandLine line(witCommand(), OptionPlacement::Anywhere);
  line.addPositionalList("COMPONENT", files);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (files.empty()) return usageError(witCommand(), "no input file");

  // The world is read from the types: the core modules need validating, not compiling.
  const std::unique_ptr<Engine> engine = makeEngine(false);
  int status = kExitOk;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i) std::cout << '\n';
    if (!printWorld(*engine, files[i], files.size() > 1)) status = kExitFailure;
  }
  return status;
}

}  // namespace

const Command& witCommand() {
  static const Command command{
      "wit",
      "print a component's world (imports, exports, their interfaces and types) in WIT",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
