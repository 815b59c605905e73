// Counting and reporting results (results.h).
#include "results.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sable::cmwast {
namespace {

struct Counts {
  size_t passed = 0, failed = 0, skipped = 0, messageMatched = 0, messageMismatched = 0;
  void add(const CommandResult& r) {
    (r.outcome == Outcome::Passed ? passed : r.outcome == Outcome::Failed ? failed : skipped)++;
    if (r.messageMatched) (*r.messageMatched ? messageMatched : messageMismatched)++;
  }
  void add(const Counts& c) {
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
    messageMatched += c.messageMatched;
    messageMismatched += c.messageMismatched;
  }
  nlohmann::json toJson() const {
    return {{"passed", passed},
            {"failed", failed},
            {"skipped", skipped},
            {"message_matched", messageMatched},
            {"message_mismatched", messageMismatched}};
  }
  std::string line() const {
    return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
           std::to_string(skipped) + " skipped";
  }
};

const char* outcomeName(Outcome o) {
  return o == Outcome::Passed ? "passed" : o == Outcome::Failed ? "failed" : "skipped";
}

nlohmann::json scriptJson(const ScriptResults& script, Counts& total) {
  std::map<std::string, Counts> byKind;
  nlohmann::json notes = nlohmann::json::array();
  for (size_t i = 0; i < script.commands.size(); ++i) {
    const CommandResult& r = script.commands[i];
    byKind[r.kind].add(r);
    total.add(r);
    if (r.outcome != Outcome::Passed || !r.note.empty()) {
      notes.push_back({{"id", script.commandId(i)},
                       {"kind", r.kind},
                       {"outcome", outcomeName(r.outcome)},
                       {"note", r.note}});
    }
  }
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [kind, counts] : byKind) kinds[kind] = counts.toJson();
  return {{"kinds", kinds}, {"notes", notes}};
}

}  // namespace

std::string ScriptResults::commandId(size_t index) const {
  return folder + "/" + name + "#" + std::to_string(index);
}

void writeResultsJson(const std::filesystem::path& path, const std::vector<ScriptResults>& all) {
  nlohmann::json folders = nlohmann::json::object();
  std::map<std::string, Counts> folderCounts;
  Counts total;
  for (const ScriptResults& script : all) {
    Counts counts;
    folders[script.folder]["scripts"][script.name] = scriptJson(script, counts);
    folders[script.folder]["scripts"][script.name]["total"] = counts.toJson();
    folderCounts[script.folder].add(counts);
    total.add(counts);
  }
  for (const auto& [folder, counts] : folderCounts) folders[folder]["total"] = counts.toJson();
  nlohmann::json out = {{"folders", folders}, {"total", total.toJson()}};
  std::ofstream(path) << out.dump(1) << "\n";
}

std::string summaryText(const std::vector<ScriptResults>& all) {
  std::map<std::string, Counts> folderCounts;
  Counts total;
  for (const ScriptResults& script : all) {
    for (const CommandResult& r : script.commands) {
      folderCounts[script.folder].add(r);
      total.add(r);
    }
  }
  std::ostringstream out;
  for (const auto& [folder, counts] : folderCounts) out << folder << ": " << counts.line() << "\n";
  out << "total: " << total.line() << "\n";
  return out.str();
}

std::set<std::string> passedIds(const std::vector<ScriptResults>& all) {
  std::set<std::string> ids;
  for (const ScriptResults& script : all) {
    for (size_t i = 0; i < script.commands.size(); ++i) {
      if (script.commands[i].outcome == Outcome::Passed) ids.insert(script.commandId(i));
    }
  }
  return ids;
}

std::optional<std::set<std::string>> readBaseline(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::set<std::string> ids;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line[0] != '#') ids.insert(line);
  }
  return ids;
}

bool writeBaseline(const std::filesystem::path& path, const std::set<std::string>& ids) {
  std::ofstream out(path);
  out << "# Component-model reference-test commands that pass: cm_wast fails when one of these\n"
         "# stops passing. Regenerate with `cm_wast --write-expected-passes FILE` after a change\n"
         "# that makes more pass (and check the diff only adds lines).\n";
  for (const std::string& id : ids) out << id << "\n";
  return static_cast<bool>(out);
}

}  // namespace sable::cmwast
