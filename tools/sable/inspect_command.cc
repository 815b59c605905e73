// `sable inspect COMPONENT.wasm...`: print the tree of each component.
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "component_inspect.h"
#include "json_output.h"
#include "module_source.h"
#include "sable/component.h"
#include "sable/component_structure.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable inspect [--json] [--] COMPONENT...

Decodes and validates each component binary and prints its tree: the component's size in bytes
and its world (imports and exports with their types, as `sable validate` prints them), then
  core modules     each with its size and how many imports and exports it declares,
  core instances   each instantiating a core module `with` core instances, or bundling exports,
  components       the nested components, each listed the same way, indented,
  instances        each instantiating a component `with` arguments, or bundling exports.
Each argument says what feeds the import, resolved through aliases to names:
  "example:kv/kv-store" <- export example:kv/kv-store of instance store
  "wasi:io/error@0.2.12" <- import wasi:io/error@0.2.12
Entries are numbered by their index in their index space; names come from the binary's
`component-name` section where it has one. Long lists end in "... N more" (at most 256 entries
a list, 20000 in all; nested components deeper than 16 levels are listed without contents).

options:
  --json        one JSON object per file and line (fields in docs/cli.md)
  -h, --help    show this help

A file that cannot be read, is a core module, or whose component is malformed or invalid gets
one line 'sable: FILE: <error>' on stderr (with --json, an object with "valid": false on
stdout); the other files are still inspected.

exit status: 0 when every file is a valid component, 1 otherwise, 2 for a bad command line.
)";

// Reports why `path` gives no tree: a JSON object with --json, else one line on stderr (a Usage
// error, such as a core module given, without its kind word). Returns false.
bool reportFailure(const std::string& path, const Error& error, bool json) {
  if (json) {
    printJsonLine(failureJson(path, errorJson(error)));
  } else {
    reportError(path, error.kind == ErrorKind::Usage ? error.message : error.toString());
  }
  return false;
}

// Prints one component's tree; returns whether it could.
bool inspectFile(const Engine& engine, const std::string& path, bool json) {
  LoadedModule loaded = loadModule(path);
  if (!loaded.binary) {
    if (json) {
      printJsonLine(failureJson(path, errorJson(loaded.error)));
    } else {
      reportError(path, loaded.error.message);
    }
    return false;
  }
  const std::vector<uint8_t>& bytes = *loaded.binary;
  if (!cm::isComponentBinary(bytes)) {
    return reportFailure(
        path, Error{ErrorKind::Usage, Error::kNoOffset, "not a component (a core module)"}, json);
  }
  Result<cm::Component> component = cm::Component::compile(engine, bytes);
  if (!component) return reportFailure(path, component.error(), json);
  const cm::ComponentStructure tree = component->structure();
  if (json) {
    printJsonLine(Json{{"file", path},
                       {"valid", true},
                       {"format", "component"},
                       {"component", structureJson(tree)}});
    return true;
  }
  std::cout << escapeText(path) << ": component";
  if (!tree.name.empty()) std::cout << ' ' << printableName(tree.name);
  std::cout << ", " << tree.size << " bytes\n";
  printStructure(std::cout, tree, 0);
  return true;
}

int run(Args args) {
  std::vector<std::string> files;
  bool json = false;
  CommandLine line(inspectCommand(), OptionPlacement::Anywhere);
  line.addFlag("--json", json);
  line.addPositionalList("COMPONENT", files);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (files.empty()) return usageError(inspectCommand(), "no input file");

  // The tree is read from the decoded form: the core modules need validating, not compiling.
  const std::unique_ptr<Engine> engine = makeEngine(false);
  int status = kExitOk;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i && !json) std::cout << '\n';
    if (!inspectFile(*engine, files[i], json)) status = kExitFailure;
  }
  return status;
}

}  // namespace

const Command& inspectCommand() {
  static const Command command{
      "inspect",
      "print a component's tree: nested components, core modules, instances and their wiring",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
