// cm_wast's counting, baseline files and message matching.
#include "results.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "script_runner.h"

namespace sable::cmwast {
namespace {

std::vector<ScriptResults> sampleResults() {
  ScriptResults strings{"values", "strings", {}};
  strings.commands.push_back({"component", Outcome::Passed, "", std::nullopt});
  strings.commands.push_back({"assert_trap", Outcome::Passed, "", true});
  strings.commands.push_back(
      {"assert_return", Outcome::Failed, "expected (1), got (2)", std::nullopt});
  ScriptResults binary{"binary", "binary", {}};
  binary.commands.push_back({"assert_malformed", Outcome::Passed, "", false});
  binary.commands.push_back({"component", Outcome::Skipped, "gated", std::nullopt});
  return {strings, binary};
}

TEST(ComponentWastResults, SummaryCountsPerFolderAndTotal) {
  EXPECT_EQ(summaryText(sampleResults()),
            "binary: 1 passed, 0 failed, 1 skipped\n"
            "values: 2 passed, 1 failed, 0 skipped\n"
            "total: 3 passed, 1 failed, 1 skipped\n");
}

TEST(ComponentWastResults, JsonHasCountsPerScriptKindAndMessages) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "cm_wast_results_test.json";
  writeResultsJson(path, sampleResults());
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in);
  std::filesystem::remove(path);
  EXPECT_EQ(j["total"]["passed"], 3);
  EXPECT_EQ(j["total"]["message_matched"], 1);
  EXPECT_EQ(j["total"]["message_mismatched"], 1);
  EXPECT_EQ(j["folders"]["values"]["scripts"]["strings"]["kinds"]["assert_return"]["failed"], 1);
  EXPECT_EQ(j["kinds"]["component"]["skipped"], 1);
  EXPECT_EQ(j["folders"]["values"]["scripts"]["strings"]["notes"][0]["id"], "values/strings#2");
}

TEST(ComponentWastResults, BaselineRoundTripsAndIgnoresComments) {
  std::filesystem::path path = std::filesystem::temp_directory_path() / "cm_wast_baseline_test.txt";
  std::set<std::string> passed = passedIds(sampleResults());
  EXPECT_EQ(passed,
            (std::set<std::string>{"values/strings#0", "values/strings#1", "binary/binary#0"}));
  ASSERT_TRUE(writeBaseline(path, passed));
  std::optional<std::set<std::string>> read = readBaseline(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, passed);
  EXPECT_FALSE(readBaseline(path).has_value());
}

TEST(ComponentWastResults, MessagesMatchAsCaseInsensitiveParts) {
  EXPECT_TRUE(messageMatches("invalid utf-8", "trap: Invalid UTF-8 in string"));
  EXPECT_TRUE(messageMatches("", "anything"));
  EXPECT_FALSE(messageMatches("unreachable", "out of bounds"));
}

}  // namespace
}  // namespace sable::cmwast
