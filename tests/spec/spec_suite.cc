#include "spec_suite.h"

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <iterator>
#include <utility>

namespace sable::spec {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDebianWabtReason = "Debian wast2json cannot parse it";
constexpr std::string_view kSimdReason = "SIMD not compiled yet";

// Checked by exact stem. Listed files are still converted on every run: if a newer wabt reads
// one, it runs like any other file and the report says the entry can go.
constexpr std::array<std::string_view, 7> kKnownUnparseable = {
    "comments", "if", "table_fill", "table_get", "table_grow", "table_set", "table_size",
};

FileReport scriptError(FileReport report, std::string message) {
  report.disposition = FileReport::Disposition::ScriptError;
  report.note = std::move(message);
  report.byCategory[static_cast<size_t>(CommandCategory::Script)].add(Verdict::Failed);
  return report;
}

// Why `wastFileName` matches one of `prefixes` given with `flag`: the known reason for simd_,
// else the prefix that matched.
std::optional<std::string> prefixReason(std::string_view wastFileName,
                                        const std::vector<std::string>& prefixes,
                                        std::string_view flag) {
  for (const std::string& prefix : prefixes) {
    if (!wastFileName.starts_with(prefix)) continue;
    if (prefix == "simd_") return std::string(kSimdReason);
    return "name starts with " + std::string(flag) + " " + prefix;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> knownUnparseableReason(std::string_view wastFileName) {
  std::string_view stem = wastFileName;
  if (stem.ends_with(".wast")) stem.remove_suffix(5);
  if (std::find(kKnownUnparseable.begin(), kKnownUnparseable.end(), stem) ==
      kKnownUnparseable.end()) {
    return std::nullopt;
  }
  return kDebianWabtReason;
}

std::optional<std::string> exclusionReason(std::string_view wastFileName,
                                           const std::vector<std::string>& prefixes) {
  return prefixReason(wastFileName, prefixes, "--exclude-prefix");
}

std::optional<std::string> validateOnlyReason(std::string_view wastFileName,
                                              const std::vector<std::string>& prefixes) {
  return prefixReason(wastFileName, prefixes, "--validate-only-prefix");
}

std::vector<fs::path> findSpecFiles(const fs::path& suiteDir, std::string_view filter) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(suiteDir)) {
    const fs::path& path = entry.path();
    if (!entry.is_regular_file() || path.extension() != ".wast") continue;
    if (path.filename().string().find(filter) == std::string::npos) continue;
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

FileReport runSpecFile(const fs::path& wastPath, const WastConverter& converter,
                       const Engine& engine, const FileRunSettings& settings) {
  FileReport report;
  report.name = wastPath.filename().string();
  std::optional<std::string_view> knownReason = knownUnparseableReason(report.name);
  std::optional<std::string> excluded = exclusionReason(report.name, settings.excludePrefixes);

  Conversion conversion = converter.convert(wastPath);
  if (excluded) {
    // Not run, but counted: every command the script holds is a skip in its own category.
    report.disposition = FileReport::Disposition::Excluded;
    report.note = *excluded;
    std::optional<SpecScript> script;
    if (conversion.status != Conversion::Status::Failed) {
      std::ifstream in(conversion.jsonPath, std::ios::binary);
      std::string jsonText(std::istreambuf_iterator<char>(in), {});
      ParseResult<SpecScript> parsed = parseSpecScript(jsonText);
      if (parsed) script = std::move(parsed).value();
    }
    if (!script) {
      report.byCategory[static_cast<size_t>(CommandCategory::Script)].add(Verdict::Skipped);
      return report;
    }
    for (const SpecCommand& command : script->commands) {
      report.byCategory[static_cast<size_t>(categoryOf(command.body))].add(Verdict::Skipped);
    }
    return report;
  }
  if (conversion.status == Conversion::Status::Failed) {
    if (knownReason) {
      report.disposition = FileReport::Disposition::SkippedByName;
      report.note = std::string(*knownReason);
      return report;
    }
    return scriptError(std::move(report), "conversion failed: " + conversion.diagnostics);
  }
  if (knownReason) {
    report.note = "listed as unparseable (" + std::string(*knownReason) +
                  ") but it converted, so it ran normally; drop it from the list";
  }
  RunnerOptions runnerOptions = settings.runner;
  if (std::optional<std::string> validateOnly =
          validateOnlyReason(report.name, settings.validateOnlyPrefixes)) {
    // The note is the reason, printed as "(validate only: <reason>)".
    report.disposition = FileReport::Disposition::ValidateOnly;
    report.note = report.note.empty() ? *validateOnly : *validateOnly + "; " + report.note;
    runnerOptions.validateOnlyReason = *validateOnly;
  }

  std::ifstream in(conversion.jsonPath, std::ios::binary);
  if (!in) return scriptError(std::move(report), "cannot read " + conversion.jsonPath.string());
  std::string jsonText(std::istreambuf_iterator<char>(in), {});
  ParseResult<SpecScript> script = parseSpecScript(jsonText);
  if (!script) {
    return scriptError(std::move(report), conversion.jsonPath.string() + ": " + script.error());
  }

  CommandRunner runner(engine, conversion.jsonPath.parent_path(), runnerOptions);
  for (size_t index = 0; index < script->commands.size(); ++index) {
    const SpecCommand& command = script->commands[index];
    CommandRecord record;
    record.line = command.line;
    record.commandType = std::string(commandTypeName(command.body));
    record.moduleFile = moduleFileOf(command.body);
    if (auto crash = settings.knownCrashes.find(index); crash != settings.knownCrashes.end()) {
      record.result = CommandResult::failed(crash->second);
      report.record(categoryOf(command.body), std::move(record), settings.keepAllCommands);
      continue;
    }
    if (settings.beforeCommand) settings.beforeCommand(index);
    try {
      record.result = runner.run(command);
    } catch (const std::exception& error) {
      // A throwing engine is a bug to report at this command, not a reason to lose the file.
      record.result = CommandResult::failed(std::string("exception: ") + error.what());
    }
    report.record(categoryOf(command.body), std::move(record), settings.keepAllCommands);
  }
  return report;
}

}  // namespace sable::spec
