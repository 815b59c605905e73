#include "results.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace sable::spec {
namespace {

// Enough to work through a broken feature without turning the JSON into a log file.
constexpr size_t kMaxFailuresInJson = 100;

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed:
      return "passed";
    case Verdict::Failed:
      return "failed";
    case Verdict::Skipped:
      return "skipped";
  }
  return "?";
}

std::string tallyText(const Tally& tally) {
  return std::to_string(tally.passed) + " passed, " + std::to_string(tally.failed) + " failed, " +
         std::to_string(tally.skipped) + " skipped";
}

nlohmann::ordered_json tallyJson(const Tally& tally) {
  return {{"passed", tally.passed}, {"failed", tally.failed}, {"skipped", tally.skipped}};
}

// Only the categories that occurred, so the JSON stays readable per file.
nlohmann::ordered_json categoriesJson(const std::array<Tally, kCommandCategoryCount>& tallies) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (size_t i = 0; i < kCommandCategoryCount; ++i) {
    if (tallies[i].total() == 0) continue;
    object[std::string(categoryName(static_cast<CommandCategory>(i)))] = tallyJson(tallies[i]);
  }
  return object;
}

// Multi-line diagnostics (wast2json's output) indented under the file's line.
std::string indented(std::string_view text) {
  std::string result = "    ";
  for (char c : text) {
    result += c;
    if (c == '\n') result += "    ";
  }
  while (!result.empty() && (result.back() == ' ' || result.back() == '\n')) result.pop_back();
  return result + '\n';
}

const char* dispositionName(FileReport::Disposition disposition) {
  switch (disposition) {
    case FileReport::Disposition::Ran:
      return "ran";
    case FileReport::Disposition::SkippedByName:
      return "skipped_by_name";
    case FileReport::Disposition::ScriptError:
      return "script_error";
    case FileReport::Disposition::Excluded:
      return "excluded";
    case FileReport::Disposition::ValidateOnly:
      return "validate_only";
  }
  return "?";
}

nlohmann::ordered_json recordJson(const CommandRecord& record) {
  return {{"line", record.line},
          {"command", record.commandType},
          {"module", record.moduleFile},
          {"verdict", static_cast<int>(record.result.verdict)},
          {"detail", record.result.detail},
          {"wrong_error_kind", record.result.wrongErrorKind},
          {"simd_unsupported", record.result.simdUnsupported}};
}

nlohmann::ordered_json countsJson(const std::map<std::string, uint64_t>& counts) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const auto& [reason, count] : counts) json[reason] = count;
  return json;
}

uint64_t sumOf(const std::map<std::string, uint64_t>& counts) {
  uint64_t sum = 0;
  for (const auto& entry : counts) sum += entry.second;
  return sum;
}

CommandRecord recordFromJson(const nlohmann::json& json) {
  CommandRecord record;
  record.line = json.at("line").get<uint32_t>();
  record.commandType = json.at("command").get<std::string>();
  record.moduleFile = json.at("module").get<std::string>();
  record.result.verdict = static_cast<Verdict>(json.at("verdict").get<int>());
  record.result.detail = json.at("detail").get<std::string>();
  record.result.wrongErrorKind = json.at("wrong_error_kind").get<bool>();
  record.result.simdUnsupported = json.at("simd_unsupported").get<bool>();
  return record;
}

}  // namespace

nlohmann::ordered_json fileReportToJson(const FileReport& file) {
  nlohmann::ordered_json json;
  json["name"] = file.name;
  json["disposition"] = static_cast<int>(file.disposition);
  json["note"] = file.note;
  nlohmann::ordered_json tallies = nlohmann::ordered_json::array();
  for (const Tally& tally : file.byCategory) {
    tallies.push_back({tally.passed, tally.failed, tally.skipped});
  }
  json["by_category"] = std::move(tallies);
  json["wrong_error_kinds"] = file.wrongErrorKinds;
  json["simd_unsupported"] = countsJson(file.simdUnsupported);
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const CommandRecord& record : file.failures) failures.push_back(recordJson(record));
  json["failures"] = std::move(failures);
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const CommandRecord& record : file.allCommands) all.push_back(recordJson(record));
  json["all_commands"] = std::move(all);
  return json;
}

ParseResult<FileReport> fileReportFromJson(const nlohmann::json& json) {
  try {
    FileReport file;
    file.name = json.at("name").get<std::string>();
    file.disposition = static_cast<FileReport::Disposition>(json.at("disposition").get<int>());
    file.note = json.at("note").get<std::string>();
    const nlohmann::json& tallies = json.at("by_category");
    if (!tallies.is_array() || tallies.size() != kCommandCategoryCount) {
      return ParseResult<FileReport>::failure("by_category has the wrong size");
    }
    for (size_t i = 0; i < kCommandCategoryCount; ++i) {
      file.byCategory[i].passed = tallies[i].at(0).get<uint64_t>();
      file.byCategory[i].failed = tallies[i].at(1).get<uint64_t>();
      file.byCategory[i].skipped = tallies[i].at(2).get<uint64_t>();
    }
    file.wrongErrorKinds = json.at("wrong_error_kinds").get<uint64_t>();
    for (const auto& [reason, count] : json.at("simd_unsupported").items()) {
      file.simdUnsupported[reason] = count.get<uint64_t>();
    }
    for (const nlohmann::json& record : json.at("failures")) {
      file.failures.push_back(recordFromJson(record));
    }
    for (const nlohmann::json& record : json.at("all_commands")) {
      file.allCommands.push_back(recordFromJson(record));
    }
    return file;
  } catch (const nlohmann::json::exception& error) {
    return ParseResult<FileReport>::failure(std::string("bad file report: ") + error.what());
  }
}

std::string_view categoryName(CommandCategory category) {
  switch (category) {
    case CommandCategory::Module:
      return "module";
    case CommandCategory::AssertMalformedBinary:
      return "assert_malformed_binary";
    case CommandCategory::AssertMalformedText:
      return "assert_malformed_text";
    case CommandCategory::AssertInvalid:
      return "assert_invalid";
    case CommandCategory::AssertUnlinkable:
      return "assert_unlinkable";
    case CommandCategory::AssertUninstantiable:
      return "assert_uninstantiable";
    case CommandCategory::AssertReturn:
      return "assert_return";
    case CommandCategory::AssertTrap:
      return "assert_trap";
    case CommandCategory::AssertExhaustion:
      return "assert_exhaustion";
    case CommandCategory::Action:
      return "action";
    case CommandCategory::Register:
      return "register";
    case CommandCategory::Unreadable:
      return "unreadable";
    case CommandCategory::Script:
      return "script";
  }
  return "?";
}

CommandCategory categoryOf(const SpecCommandBody& body) {
  struct Categorizer {
    CommandCategory operator()(const ModuleCommand&) const { return CommandCategory::Module; }
    CommandCategory operator()(const AssertModuleCommand& command) const {
      using Expectation = AssertModuleCommand::Expectation;
      switch (command.expectation) {
        case Expectation::Malformed:
          return command.format == ModuleFormat::Binary ? CommandCategory::AssertMalformedBinary
                                                        : CommandCategory::AssertMalformedText;
        case Expectation::Invalid:
          return CommandCategory::AssertInvalid;
        case Expectation::Unlinkable:
          return CommandCategory::AssertUnlinkable;
        case Expectation::Uninstantiable:
          return CommandCategory::AssertUninstantiable;
      }
      return CommandCategory::Unreadable;
    }
    CommandCategory operator()(const RegisterCommand&) const { return CommandCategory::Register; }
    CommandCategory operator()(const ActionCommand&) const { return CommandCategory::Action; }
    CommandCategory operator()(const AssertReturnCommand&) const {
      return CommandCategory::AssertReturn;
    }
    CommandCategory operator()(const AssertTrapCommand& command) const {
      return command.expectation == AssertTrapCommand::Expectation::Trap
                 ? CommandCategory::AssertTrap
                 : CommandCategory::AssertExhaustion;
    }
    CommandCategory operator()(const UnreadableCommand&) const {
      return CommandCategory::Unreadable;
    }
  };
  return std::visit(Categorizer{}, body);
}

void Tally::add(Verdict verdict) {
  switch (verdict) {
    case Verdict::Passed:
      ++passed;
      break;
    case Verdict::Failed:
      ++failed;
      break;
    case Verdict::Skipped:
      ++skipped;
      break;
  }
}

Tally& Tally::operator+=(const Tally& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  return *this;
}

void FileReport::record(CommandCategory category, CommandRecord record, bool keepAll) {
  byCategory[static_cast<size_t>(category)].add(record.result.verdict);
  if (record.result.wrongErrorKind) ++wrongErrorKinds;
  if (record.result.simdUnsupported) ++simdUnsupported[record.result.detail];
  if (record.result.verdict == Verdict::Failed) failures.push_back(record);
  if (keepAll) allCommands.push_back(std::move(record));
}

Tally FileReport::total() const {
  Tally sum;
  for (const Tally& tally : byCategory) sum += tally;
  return sum;
}

std::string formatCommandRecord(std::string_view fileName, const CommandRecord& record) {
  std::string text = "  ";
  text += fileName;
  text += ':' + std::to_string(record.line) + ": " + record.commandType;
  if (!record.moduleFile.empty()) text += ' ' + record.moduleFile;
  text += ": ";
  if (record.result.verdict != Verdict::Failed) {
    text += verdictName(record.result.verdict);
    if (!record.result.detail.empty()) text += " (" + record.result.detail + ")";
  } else {
    text += record.result.detail;
  }
  return text;
}

std::string formatFileReport(const FileReport& file, size_t maxFailures, bool verbose) {
  std::string text = file.name + ": ";
  switch (file.disposition) {
    case FileReport::Disposition::SkippedByName:
      return text + "skipped (" + file.note + ")\n";
    case FileReport::Disposition::ScriptError:
      return text + "FAILED\n" + indented(file.note);
    case FileReport::Disposition::Excluded:
      return text + "excluded (" + file.note + "), " + std::to_string(file.total().skipped) +
             " commands counted as skipped\n";
    case FileReport::Disposition::Ran:
    case FileReport::Disposition::ValidateOnly:
      break;
  }
  const bool validateOnly = file.disposition == FileReport::Disposition::ValidateOnly;
  text += tallyText(file.total());
  if (validateOnly) text += " (validate only: " + file.note + ")";
  if (file.wrongErrorKinds != 0) {
    text += " (" + std::to_string(file.wrongErrorKinds) + " rejected with the wrong error kind)";
  }
  if (!file.simdUnsupported.empty()) {
    text +=
        " (" + std::to_string(sumOf(file.simdUnsupported)) + " of the skipped: SIMD Unsupported)";
  }
  text += '\n';
  if (!file.note.empty() && !validateOnly) text += "  note: " + file.note + '\n';
  if (verbose) {
    for (const CommandRecord& record : file.allCommands) {
      text += formatCommandRecord(file.name, record) + '\n';
    }
    return text;
  }
  for (size_t i = 0; i < file.failures.size() && i < maxFailures; ++i) {
    text += formatCommandRecord(file.name, file.failures[i]) + '\n';
  }
  if (file.failures.size() > maxFailures) {
    text += "  ... and " + std::to_string(file.failures.size() - maxFailures) +
            " more failures in " + file.name + '\n';
  }
  return text;
}

SuiteTotals SuiteTotals::of(const std::vector<FileReport>& files) {
  SuiteTotals totals;
  for (const FileReport& file : files) {
    for (size_t i = 0; i < kCommandCategoryCount; ++i) totals.byCategory[i] += file.byCategory[i];
    totals.total += file.total();
    totals.wrongErrorKinds += file.wrongErrorKinds;
    for (const auto& [reason, count] : file.simdUnsupported) {
      totals.simdUnsupported[reason] += count;
      totals.simdUnsupportedTotal += count;
    }
    if (file.disposition == FileReport::Disposition::SkippedByName) {
      totals.filesSkippedByName.push_back(file.name);
    }
    if (file.disposition == FileReport::Disposition::Excluded) {
      totals.filesExcluded.push_back(file.name);
    }
    if (file.disposition == FileReport::Disposition::ValidateOnly) {
      totals.filesValidateOnly.emplace_back(file.name, file.note);
    }
  }
  return totals;
}

std::string formatCategoryTable(const SuiteTotals& totals) {
  std::string text = "by command type:\n";
  for (size_t i = 0; i < kCommandCategoryCount; ++i) {
    const Tally& tally = totals.byCategory[i];
    if (tally.total() == 0) continue;
    char line[160];
    std::snprintf(line, sizeof line, "  %-24s %7llu passed %7llu failed %7llu skipped\n",
                  std::string(categoryName(static_cast<CommandCategory>(i))).c_str(),
                  static_cast<unsigned long long>(tally.passed),
                  static_cast<unsigned long long>(tally.failed),
                  static_cast<unsigned long long>(tally.skipped));
    text += line;
  }
  if (totals.wrongErrorKinds != 0) {
    text += "  " + std::to_string(totals.wrongErrorKinds) +
            " modules were rejected with the wrong error kind (counted as passed; see "
            "--strict)\n";
  }
  if (totals.simdUnsupportedTotal != 0) {
    text += "skipped because the module is SIMD Unsupported: " +
            std::to_string(totals.simdUnsupportedTotal) + " commands\n";
    for (const auto& [reason, count] : totals.simdUnsupported) {
      text += "  " + std::to_string(count) + "  " + reason + '\n';
    }
  }
  if (!totals.filesSkippedByName.empty()) {
    text += "files skipped by name:";
    for (const std::string& name : totals.filesSkippedByName) text += ' ' + name;
    text += '\n';
  }
  if (!totals.filesExcluded.empty()) {
    text += "files excluded (" + std::to_string(totals.filesExcluded.size()) + "):";
    for (const std::string& name : totals.filesExcluded) text += ' ' + name;
    text += '\n';
  }
  if (!totals.filesValidateOnly.empty()) {
    text += "files run validate-only (" + std::to_string(totals.filesValidateOnly.size()) +
            ", nothing instantiated or executed):";
    for (const auto& entry : totals.filesValidateOnly) text += ' ' + entry.first;
    text += '\n';
  }
  return text;
}

std::string formatClosingLine(const Tally& total) { return tallyText(total); }

nlohmann::ordered_json resultsJson(const std::vector<FileReport>& files, const SuiteTotals& totals,
                                   std::string_view suiteDir, std::string_view filter,
                                   const nlohmann::ordered_json* extra) {
  nlohmann::ordered_json root;
  root["suite"] = suiteDir;
  root["filter"] = filter;
  root["totals"] = tallyJson(totals.total);
  root["totals"]["wrong_error_kind"] = totals.wrongErrorKinds;
  root["totals"]["skipped_simd_unsupported"] = totals.simdUnsupportedTotal;
  root["simd_unsupported"] = countsJson(totals.simdUnsupported);
  root["by_command"] = categoriesJson(totals.byCategory);
  root["files_skipped_by_name"] = totals.filesSkippedByName;
  root["excluded"] = totals.filesExcluded;
  nlohmann::ordered_json validateOnly = nlohmann::ordered_json::object();
  for (const auto& [name, reason] : totals.filesValidateOnly) validateOnly[name] = reason;
  root["validate_only"] = std::move(validateOnly);
  if (extra != nullptr) {
    for (auto it = extra->begin(); it != extra->end(); ++it) root[it.key()] = it.value();
  }
  nlohmann::ordered_json fileList = nlohmann::ordered_json::array();
  for (const FileReport& file : files) {
    nlohmann::ordered_json entry;
    entry["file"] = file.name;
    entry["status"] = dispositionName(file.disposition);
    if (!file.note.empty()) entry["note"] = file.note;
    entry["totals"] = tallyJson(file.total());
    entry["totals"]["wrong_error_kind"] = file.wrongErrorKinds;
    if (!file.simdUnsupported.empty()) {
      entry["totals"]["skipped_simd_unsupported"] = sumOf(file.simdUnsupported);
      entry["simd_unsupported"] = countsJson(file.simdUnsupported);
    }
    entry["by_command"] = categoriesJson(file.byCategory);
    if (!file.failures.empty()) {
      nlohmann::ordered_json failures = nlohmann::ordered_json::array();
      for (size_t i = 0; i < file.failures.size() && i < kMaxFailuresInJson; ++i) {
        const CommandRecord& record = file.failures[i];
        failures.push_back({{"line", record.line},
                            {"command", record.commandType},
                            {"module", record.moduleFile},
                            {"detail", record.result.detail}});
      }
      entry["failures"] = std::move(failures);
    }
    fileList.push_back(std::move(entry));
  }
  root["files"] = std::move(fileList);
  return root;
}

}  // namespace sable::spec
