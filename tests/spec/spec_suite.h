// Running whole .wast files: conversion, the known-unparseable list, and per-file reports.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results.h"
#include "sable/module.h"
#include "spec_runner.h"
#include "wast_converter.h"

namespace sable::spec {

// Why a file is expected to fail conversion, if it is on the known-unparseable list: the few
// scripts whose text syntax is newer than Debian's wabt (1.0.32) understands.
std::optional<std::string_view> knownUnparseableReason(std::string_view wastFileName);

// The .wast files in `suiteDir` whose names contain `filter`, sorted by name.
std::vector<std::filesystem::path> findSpecFiles(const std::filesystem::path& suiteDir,
                                                 std::string_view filter);

// Why a file is excluded by one of `prefixes` (--exclude-prefix), if it is: "SIMD not compiled
// yet" for simd_, else which prefix matched.
std::optional<std::string> exclusionReason(std::string_view wastFileName,
                                           const std::vector<std::string>& prefixes);

// Why a file is run validate-only by one of `prefixes` (--validate-only-prefix), if it is: "SIMD
// not compiled yet" for simd_, else which prefix matched.
std::optional<std::string> validateOnlyReason(std::string_view wastFileName,
                                              const std::vector<std::string>& prefixes);

// How to run one file.
struct FileRunSettings {
  RunnerOptions runner;
  bool keepAllCommands = false;  // for --verbose
  std::vector<std::string> excludePrefixes;
  // Files matching one of these (and no exclude prefix) are only decoded and validated; see
  // RunnerOptions::validateOnlyReason.
  std::vector<std::string> validateOnlyPrefixes;
  // Called with a command's index in the script just before it runs (a worker process reports
  // its progress with it, so the parent can name the command that crashed or hung).
  std::function<void(size_t index)> beforeCommand;
  // Commands (by index) that crashed or hung in an earlier attempt: failed with the given
  // reason without running them, so the rest of the script can still be run.
  std::map<size_t, std::string> knownCrashes;
};

// Converts `wastPath` (or reuses the cache) and runs its commands. A conversion failure is a
// skip for files on the known-unparseable list and a failure for any other file. An excluded
// file is still converted and read, so its commands can be counted as skipped. A validate-only
// file runs like any other, but with RunnerOptions::validateOnlyReason set, and reports the
// ValidateOnly disposition.
FileReport runSpecFile(const std::filesystem::path& wastPath, const WastConverter& converter,
                       const Engine& engine, const FileRunSettings& settings);

}  // namespace sable::spec
