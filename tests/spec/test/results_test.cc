#include "results.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sable::spec {
namespace {

CommandRecord record(uint32_t line, std::string type, CommandResult result,
                     std::string moduleFile = {}) {
  return CommandRecord{line, std::move(type), std::move(moduleFile), std::move(result)};
}

FileReport sampleReport() {
  FileReport report;
  report.name = "binary.wast";
  report.record(CommandCategory::Module, record(1, "module", CommandResult::passed()), false);
  report.record(CommandCategory::AssertMalformedBinary,
                record(6, "assert_malformed",
                       CommandResult::failed("compiled, but should be malformed"), "binary.4.wasm"),
                false);
  report.record(CommandCategory::AssertMalformedText,
                record(7, "assert_malformed", CommandResult::skipped("text-format")), false);
  return report;
}

TEST(ResultsTest, MalformedIsSplitByModuleFormat) {
  AssertModuleCommand command;
  command.expectation = AssertModuleCommand::Expectation::Malformed;
  command.format = ModuleFormat::Binary;
  EXPECT_EQ(categoryOf(command), CommandCategory::AssertMalformedBinary);
  command.format = ModuleFormat::Text;
  EXPECT_EQ(categoryOf(command), CommandCategory::AssertMalformedText);
  EXPECT_EQ(categoryName(CommandCategory::AssertMalformedText), "assert_malformed_text");
  AssertTrapCommand exhaustion;
  exhaustion.expectation = AssertTrapCommand::Expectation::Exhaustion;
  EXPECT_EQ(categoryOf(exhaustion), CommandCategory::AssertExhaustion);
}

TEST(ResultsTest, FileReportCountsAndKeepsFailures) {
  FileReport report = sampleReport();
  Tally total = report.total();
  EXPECT_EQ(total.passed, 1u);
  EXPECT_EQ(total.failed, 1u);
  EXPECT_EQ(total.skipped, 1u);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].line, 6u);
  EXPECT_TRUE(report.allCommands.empty());
}

TEST(ResultsTest, FormatsFileLineAndFailures) {
  std::string text = formatFileReport(sampleReport(), 20, false);
  EXPECT_EQ(text,
            "binary.wast: 1 passed, 1 failed, 1 skipped\n"
            "  binary.wast:6: assert_malformed binary.4.wasm: compiled, but should be malformed\n");
}

TEST(ResultsTest, CapsPrintedFailures) {
  FileReport report;
  report.name = "x.wast";
  for (uint32_t line = 1; line <= 5; ++line) {
    report.record(CommandCategory::AssertInvalid,
                  record(line, "assert_invalid", CommandResult::failed("compiled")), false);
  }
  std::string text = formatFileReport(report, 2, false);
  EXPECT_NE(text.find("x.wast:2:"), std::string::npos);
  EXPECT_EQ(text.find("x.wast:3:"), std::string::npos);
  EXPECT_NE(text.find("... and 3 more failures in x.wast"), std::string::npos);
}

TEST(ResultsTest, SkippedByNameLine) {
  FileReport report;
  report.name = "comments.wast";
  report.disposition = FileReport::Disposition::SkippedByName;
  report.note = "Debian wast2json cannot parse it";
  EXPECT_EQ(formatFileReport(report, 20, false),
            "comments.wast: skipped (Debian wast2json cannot parse it)\n");
}

TEST(ResultsTest, ClosingLineAndTotals) {
  FileReport skipped;
  skipped.name = "if.wast";
  skipped.disposition = FileReport::Disposition::SkippedByName;
  std::vector<FileReport> files = {sampleReport(), skipped};
  SuiteTotals totals = SuiteTotals::of(files);
  EXPECT_EQ(formatClosingLine(totals.total), "1 passed, 1 failed, 1 skipped");
  EXPECT_EQ(totals.filesSkippedByName, std::vector<std::string>{"if.wast"});

  nlohmann::ordered_json json = resultsJson(files, totals, "/suite", "");
  EXPECT_EQ(json["totals"]["failed"], 1);
  EXPECT_EQ(json["by_command"]["assert_malformed_binary"]["failed"], 1);
  EXPECT_EQ(json["by_command"]["assert_malformed_text"]["skipped"], 1);
  EXPECT_EQ(json["files_skipped_by_name"][0], "if.wast");
  EXPECT_EQ(json["files"][0]["file"], "binary.wast");
  EXPECT_EQ(json["files"][0]["failures"][0]["line"], 6);
  EXPECT_EQ(json["files"][1]["status"], "skipped_by_name");
}

TEST(ResultsTest, ExcludedFilesCountAsSkippedAndAreListed) {
  FileReport excluded;
  excluded.name = "simd_address.wast";
  excluded.disposition = FileReport::Disposition::Excluded;
  excluded.note = "SIMD not compiled yet";
  excluded.byCategory[static_cast<size_t>(CommandCategory::AssertReturn)].skipped = 3;
  excluded.byCategory[static_cast<size_t>(CommandCategory::Module)].skipped = 1;
  EXPECT_EQ(formatFileReport(excluded, 20, false),
            "simd_address.wast: excluded (SIMD not compiled yet), 4 commands counted as "
            "skipped\n");

  std::vector<FileReport> files = {sampleReport(), excluded};
  SuiteTotals totals = SuiteTotals::of(files);
  EXPECT_EQ(formatClosingLine(totals.total), "1 passed, 1 failed, 5 skipped");
  EXPECT_EQ(totals.filesExcluded, std::vector<std::string>{"simd_address.wast"});
  EXPECT_NE(formatCategoryTable(totals).find("files excluded (1): simd_address.wast"),
            std::string::npos);

  nlohmann::ordered_json extra;
  extra["bounds"] = "explicit";
  extra["notes"] = {"run the SIMD files with --filter simd_"};
  nlohmann::ordered_json json = resultsJson(files, totals, "/suite", "", &extra);
  EXPECT_EQ(json["excluded"][0], "simd_address.wast");
  EXPECT_EQ(json["files"][1]["status"], "excluded");
  EXPECT_EQ(json["by_command"]["assert_return"]["skipped"], 3);
  EXPECT_EQ(json["bounds"], "explicit");
  EXPECT_EQ(json["notes"][0], "run the SIMD files with --filter simd_");
}

}  // namespace
}  // namespace sable::spec
