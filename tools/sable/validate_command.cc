// `sable validate FILE.wasm...`: decode and validate modules and describe what they import and
// export.
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "module_reader.h"
#include "sable/module.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    R"(usage: sable validate [-q|--quiet] [--compile] FILE.wasm...

Decodes and validates each WebAssembly 2.0 binary module, then prints its imports
(module.name: type), its exports (name: kind index), its function count (imported + defined)
and its data and element segment counts.

A file that cannot be read, or whose module is malformed or invalid, gets one line
'sable: FILE: <error>' on stderr; the other files are still checked.

options:
  -q, --quiet   print nothing for valid modules, only the errors
  --compile     also compile each module with the JIT; valid modules using instructions the
                JIT does not support yet then fail as 'unsupported'
  -h, --help    show this help

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

int run(Args args) {
  bool quiet = false;
  bool compile = false;
  bool optionsDone = false;
  std::vector<std::string> files;
  for (std::string_view arg : args) {
    if (!optionsDone && arg.size() > 1 && arg[0] == '-') {
      if (arg == "--") {
        optionsDone = true;
      } else if (arg == "-q" || arg == "--quiet") {
        quiet = true;
      } else if (arg == "--compile") {
        compile = true;
      } else if (arg == "-h" || arg == "--help") {
        std::cout << kHelp;
        return kExitOk;
      } else {
        return usageError(validateCommand(), "unknown option '" + std::string(arg) + "'");
      }
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) return usageError(validateCommand(), "no input file");

  const std::unique_ptr<Engine> engine = makeEngine(compile);
  int status = kExitOk;
  bool first = true;
  for (const std::string& path : files) {
    std::optional<std::vector<uint8_t>> bytes = readModuleOrReport(path);
    if (!bytes) {
      status = kExitFailure;
      continue;
    }
    Result<Module> module = Module::compile(*engine, *bytes);
    if (!module) {
      reportError(path, module.error().toString());
      status = kExitFailure;
      continue;
    }
    if (quiet) continue;
    if (!first) std::cout << '\n';
    first = false;
    describe(path, *module);
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
