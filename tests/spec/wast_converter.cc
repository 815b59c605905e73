#include "wast_converter.h"

#include <unistd.h>

#include <system_error>
#include <utility>

#include "subprocess.h"

namespace sable::spec {

namespace fs = std::filesystem;

WastConverter::WastConverter(std::string wast2json, fs::path cacheDir)
    : wast2json_(std::move(wast2json)), cacheDir_(std::move(cacheDir)) {}

std::string WastConverter::checkTool() const {
  std::error_code error;
  fs::create_directories(cacheDir_, error);
  if (error) return "cannot create " + cacheDir_.string() + ": " + error.message();
  ProcessOutcome outcome =
      runProcess({wast2json_, "--version"}, cacheDir_ / "wast2json-version.log");
  if (outcome.succeeded()) return {};
  return wast2json_ + " --version: " + outcome.describe() + "\n" + outcome.output;
}

Conversion WastConverter::convert(const fs::path& wastPath) const {
  const std::string name = wastPath.stem().string();
  const fs::path outputDir = cacheDir_ / name;
  Conversion result;
  result.jsonPath = outputDir / (name + ".json");

  std::error_code cachedError;
  std::error_code sourceError;
  auto cachedTime = fs::last_write_time(result.jsonPath, cachedError);
  auto sourceTime = fs::last_write_time(wastPath, sourceError);
  if (!cachedError && !sourceError && cachedTime >= sourceTime) {
    result.status = Conversion::Status::Cached;
    return result;
  }

  // The pid keeps two harness processes sharing a build directory out of each other's way.
  const fs::path scratchDir = cacheDir_ / (name + ".tmp." + std::to_string(getpid()));
  std::error_code error;
  fs::remove_all(scratchDir, error);
  fs::create_directories(scratchDir, error);
  if (error) {
    result.diagnostics = "cannot create " + scratchDir.string() + ": " + error.message();
    return result;
  }
  const fs::path logPath = scratchDir / "wast2json.log";
  const fs::path scratchJson = scratchDir / (name + ".json");
  ProcessOutcome outcome = runProcess(
      {wast2json_, "--enable-all", wastPath.string(), "-o", scratchJson.string()}, logPath);
  if (!outcome.succeeded()) {
    result.diagnostics = "wast2json " + outcome.describe();
    if (!outcome.output.empty()) result.diagnostics += ":\n" + outcome.output;
    fs::remove_all(scratchDir, error);
    return result;
  }
  fs::remove(logPath, error);
  fs::remove_all(outputDir, error);
  fs::rename(scratchDir, outputDir, error);
  if (error) {
    result.diagnostics =
        "cannot move " + scratchDir.string() + " to " + outputDir.string() + ": " + error.message();
    fs::remove_all(scratchDir, error);
    return result;
  }
  result.status = Conversion::Status::Converted;
  return result;
}

}  // namespace sable::spec
