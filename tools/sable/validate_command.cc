// `sable validate FILE.wasm...`: decode and validate modules and describe what they import and
// export.
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "component_validate.h"
#include "json_output.h"
#include "module_source.h"
#include "sable/component.h"
#include "sable/module.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable validate [-q|--quiet] [--compile] [--json] [--] FILE...

Decodes and validates each WebAssembly 2.0 module, binary (.wasm) or text (.wat: told by its
first bytes, not its name; a build without wabt, SABLE_WAT=OFF, refuses it with one line), then
prints its imports (module.name: type), its exports (name: kind index), its function count
(imported + defined) and its data and element segment counts.

A file that cannot be read, or whose module is malformed or invalid, gets one line
'sable: FILE: <error>' on stderr (a text module's error names its line:column); the other
files are still checked.

options:
  -q, --quiet   print nothing for valid modules, only the errors
  --compile     also compile each module with the JIT; valid modules using instructions the
                JIT does not support yet then fail as 'unsupported'
  --json        print one JSON object per file, one per line, on stdout, errors included
                (nothing on stderr): {"file", "valid", "format", "imports", "exports",
                "functions", ...} or {"file", "valid": false, "error": {"kind", "message",
                "offset", "line", "column"}}; docs/cli.md describes every field
  -h, --help    show this help

A component (told by its preamble: version 0x0d, layer 1) is decoded, validated and its core
modules compiled; its imports and exports are printed with their types, an instance's members
indented below it. --json gives {"file", "valid", "format": "component", "imports",
"exports"}, each item {"name", "kind", "type", "members"?}.

exit status: 0 when every module is valid, 1 when any is not (or cannot be read),
2 for a usage error.
)";

void describe(const std::string& path, const Module& module) {
  std::ostream& out = std::cout;
  out << path << ": valid\n";

  const std::vector<ImportType> imports = module.imports();
  out << "imports: " << imports.size() << '\n';
  for (const ImportType& import : imports) {
    out << "  " << printableName(import.module) << '.' << printableName(import.name) << ": "
        << importTypeString(import) << '\n';
  }

  const std::vector<ExportType> exports = module.exports();
  out << "exports: " << exports.size() << '\n';
  for (const ExportType& exp : exports) {
    out << "  " << printableName(exp.name) << ": " << externKindName(exp.type.kind()) << ' '
        << exp.index << '\n';
  }

  const ModuleSummary info = module.summary();
  out << "functions: " << info.importedFunctions + info.definedFunctions << " ("
      << info.importedFunctions << " imported, " << info.definedFunctions << " defined)\n";
  out << "tables: " << info.tables << ", memories: " << info.memories
      << ", globals: " << info.globals << '\n';
  if (info.startFunction) out << "start: func " << *info.startFunction << '\n';
  out << "data segments: " << info.dataSegments << '\n';
  out << "element segments: " << info.elementSegments << '\n';
}

// What validating one file found, printed as the options ask; returns whether it is valid.
bool validateFile(const Engine& engine, const std::string& path, bool quiet, bool json,
                  bool& first) {
  const LoadedModule loaded = loadModule(path);
  if (!loaded.binary) {
    if (json) {
      printJsonLine(failureJson(path, errorJson(loaded.error)));
    } else {
      reportError(path, loaded.error.message);
    }
    return false;
  }
  if (cm::isComponentBinary(*loaded.binary)) {
    return validateComponent(engine, path, *loaded.binary, quiet, json, first);
  }
  Result<Module> module = Module::compile(engine, *loaded.binary);
  if (!module) {
    if (json) {
      printJsonLine(failureJson(path, errorJson(module.error())));
    } else {
      reportError(path, module.error().toString());
    }
    return false;
  }
  if (json) {
    Json report{{"file", path}, {"valid", true}, {"format", loaded.fromText ? "text" : "binary"}};
    report.update(moduleJson(*module));
    printJsonLine(report);
    return true;
  }
  if (quiet) return true;
  if (!first) std::cout << '\n';
  first = false;
  describe(path, *module);
  return true;
}

int run(Args args) {
  bool quiet = false;
  bool compile = false;
  bool json = false;
  std::vector<std::string> files;
  CommandLine line(validateCommand(), OptionPlacement::Anywhere);
  line.addFlag("-q,--quiet", quiet);
  line.addFlag("--compile", compile);
  line.addFlag("--json", json);
  line.addPositionalList("FILE", files);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (files.empty()) return usageError(validateCommand(), "no input file");

  const std::unique_ptr<Engine> engine = makeEngine(compile);
  int status = kExitOk;
  bool first = true;
  for (const std::string& path : files) {
    if (!validateFile(*engine, path, quiet, json, first)) status = kExitFailure;
  }
  return status;
}

}  // namespace

const Command& validateCommand() {
  static const Command command{
      "validate",
      "decode and validate modules; print their imports, exports and counts",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
