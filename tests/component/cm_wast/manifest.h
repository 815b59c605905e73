// One reference-test script as converted to binaries: bin/<folder>/<script>/manifest.json lists
// its commands in order (see the README next to the binaries).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sable/result.h"

namespace sable::cmwast {

// One command of a script, as the manifest gives it.
struct ManifestCommand {
  std::string kind;     // "component", "assert_return", "assert_invalid", ...
  std::string file;     // the binary, for component, component-definition and assert_* on files
  std::string text;     // the s-expression, for assert_return/assert_trap/invoke/component-instance
  std::string message;  // the expected error message of assert_invalid/malformed/unlinkable
  bool hasMessage = false;
  bool parseError = false;  // the converter could not parse this command's component
};

// A script: where its binaries are, its folder and name, and its commands.
struct ManifestScript {
  std::filesystem::path directory;
  std::string folder;  // "values"
  std::string name;    // "strings"
  std::vector<ManifestCommand> commands;
};

// Reads `directory`/manifest.json. Errors: Io when unreadable, Malformed when not the expected
// JSON shape.
Result<ManifestScript> readManifest(const std::filesystem::path& directory);

// Every <folder>/<script>/ with a manifest.json under `binRoot`, sorted by folder then script.
std::vector<std::filesystem::path> findScripts(const std::filesystem::path& binRoot);

}  // namespace sable::cmwast
