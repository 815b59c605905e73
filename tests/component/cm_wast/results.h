// What the runner saw: one result per command, the counts per folder, script and command kind
// (component-results.json), and the baseline of commands that must keep passing.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sable::cmwast {

enum class Outcome { Passed, Failed, Skipped };

// The result of one manifest command.
struct CommandResult {
  std::string kind;  // the manifest's command kind
  Outcome outcome = Outcome::Skipped;
  std::string note;  // why it failed or was skipped, or a remark
  // For commands that expect an error or trap message: whether Sable's message contained it.
  std::optional<bool> messageMatched;
};

// The results of one script, in command order.
struct ScriptResults {
  std::string folder;
  std::string name;
  std::vector<CommandResult> commands;

  // "values/strings#3": a command's stable identity (its index in the manifest).
  std::string commandId(size_t index) const;
};

// component-results.json: per folder, per script and per command kind the passed, failed and
// skipped counts and message matches, plus every failure and skip with its note.
void writeResultsJson(const std::filesystem::path& path, const std::vector<ScriptResults>& all);

// "values: 120 passed, 3 failed, 8 skipped" per folder, then the total.
std::string summaryText(const std::vector<ScriptResults>& all);

// The ids of the commands that passed.
std::set<std::string> passedIds(const std::vector<ScriptResults>& all);

// Reads a baseline file (one id a line, '#' comments); nullopt when it cannot be read.
std::optional<std::set<std::string>> readBaseline(const std::filesystem::path& path);

// Writes `ids` as a baseline file, sorted, with a header saying how to regenerate it.
bool writeBaseline(const std::filesystem::path& path, const std::set<std::string>& ids);

}  // namespace sable::cmwast
