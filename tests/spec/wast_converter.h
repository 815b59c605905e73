// Converting .wast scripts to wast2json's JSON + .wasm form, cached between runs.
#pragma once

#include <filesystem>
#include <string>

namespace sable::spec {

// The outcome of converting one script.
struct Conversion {
  enum class Status : uint8_t { Converted, Cached, Failed };

  Status status = Status::Failed;
  std::filesystem::path jsonPath;  // CACHE/NAME/NAME.json; valid unless Failed
  std::string diagnostics;         // why it failed: wast2json's exit status and output
};

// Runs wast2json on scripts, one cache directory per script. Thread-safe: each script has its
// own output directory, and a conversion writes into a private scratch directory that replaces
// the cached one only when wast2json succeeded, so a failed or interrupted run never leaves a
// fresh-looking but partial cache entry.
class WastConverter {
 public:
  // `wast2json` is an executable path or a name looked up in PATH.
  WastConverter(std::string wast2json, std::filesystem::path cacheDir);

  // Converts `wastPath` unless CACHE/NAME/NAME.json is at least as new as it.
  Conversion convert(const std::filesystem::path& wastPath) const;

  // Runs `wast2json --version` to check the tool can be started at all; returns an empty
  // string on success, else what went wrong.
  std::string checkTool() const;

 private:
  std::string wast2json_;
  std::filesystem::path cacheDir_;
};

}  // namespace sable::spec
