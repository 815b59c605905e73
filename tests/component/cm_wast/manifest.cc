// Reading manifest.json files (manifest.h).
#include "manifest.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace sable::cmwast {
namespace {

std::string stringField(const nlohmann::json& command, const char* key) {
  auto it = command.find(key);
  return it != command.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ManifestScript> readManifest(const std::filesystem::path& directory) {
  std::ifstream in(directory / "manifest.json");
  if (!in)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 "cannot read " + (directory / "manifest.json").string()};
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) {
    return Error{ErrorKind::Malformed, Error::kNoOffset,
                 (directory / "manifest.json").string() + ": not a JSON array"};
  }
  ManifestScript script;
  script.directory = directory;
  script.name = directory.filename().string();
  script.folder = directory.parent_path().filename().string();
  for (const nlohmann::json& c : json) {
    if (!c.is_object())
      return Error{ErrorKind::Malformed, Error::kNoOffset, "manifest command is not an object"};
    ManifestCommand command;
    command.kind = stringField(c, "kind");
    command.file = stringField(c, "file");
    command.text = stringField(c, "text");
    command.hasMessage = c.contains("message");
    command.message = stringField(c, "message");
    command.parseError = c.contains("parseError");
    script.commands.push_back(std::move(command));
  }
  return script;
}

std::vector<std::filesystem::path> findScripts(const std::filesystem::path& binRoot) {
  std::vector<std::filesystem::path> scripts;
  std::error_code ec;
  for (const auto& folder : std::filesystem::directory_iterator(binRoot, ec)) {
    if (!folder.is_directory()) continue;
    for (const auto& script : std::filesystem::directory_iterator(folder.path(), ec)) {
      if (std::filesystem::exists(script.path() / "manifest.json"))
        scripts.push_back(script.path());
    }
  }
  std::sort(scripts.begin(), scripts.end());
  return scripts;
}

}  // namespace sable::cmwast
