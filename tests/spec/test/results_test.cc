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

TEST(ResultsTest, ValidateOnlyFilesReportTheirReasonAndAreListed) {
  FileReport validated;
  validated.name = "simd_lane.wast";
  validated.disposition = FileReport::Disposition::ValidateOnly;
  validated.note = "SIMD not compiled yet";
  validated.record(CommandCategory::Module, record(1, "module", CommandResult::passed()), false);
  validated.record(CommandCategory::AssertInvalid,
                   record(2, "assert_invalid", CommandResult::passed()), false);
  validated.record(CommandCategory::AssertReturn,
                   record(3, "assert_return", CommandResult::skipped("SIMD not compiled yet")),
                   false);
  validated.record(CommandCategory::AssertMalformedBinary,
                   record(4, "assert_malformed", CommandResult::failed("compiled"), "x.1.wasm"),
                   false);
  EXPECT_EQ(formatFileReport(validated, 20, false),
            "simd_lane.wast: 2 passed, 1 failed, 1 skipped (validate only: SIMD not compiled "
            "yet)\n"
            "  simd_lane.wast:4: assert_malformed x.1.wasm: compiled\n");

  std::vector<FileReport> files = {sampleReport(), validated};
  SuiteTotals totals = SuiteTotals::of(files);
  EXPECT_EQ(formatClosingLine(totals.total), "3 passed, 2 failed, 2 skipped");
  ASSERT_EQ(totals.filesValidateOnly.size(), 1u);
  EXPECT_EQ(totals.filesValidateOnly[0].first, "simd_lane.wast");
  EXPECT_EQ(totals.filesValidateOnly[0].second, "SIMD not compiled yet");
  EXPECT_TRUE(totals.filesExcluded.empty());
  EXPECT_NE(formatCategoryTable(totals).find("validate-only (1, nothing instantiated or "
                                             "executed): simd_lane.wast"),
            std::string::npos)
      << formatCategoryTable(totals);

  nlohmann::ordered_json json = resultsJson(files, totals, "/suite", "");
  EXPECT_EQ(json["validate_only"]["simd_lane.wast"], "SIMD not compiled yet");
  EXPECT_EQ(json["validate_only"].size(), 1u);
  EXPECT_TRUE(json["excluded"].empty());
  EXPECT_EQ(json["files"][1]["status"], "validate_only");
  EXPECT_EQ(json["files"][1]["note"], "SIMD not compiled yet");
  // Counts stay per command type.
  EXPECT_EQ(json["by_command"]["module"]["passed"], 2);
  EXPECT_EQ(json["by_command"]["assert_invalid"]["passed"], 1);
  EXPECT_EQ(json["by_command"]["assert_return"]["skipped"], 1);
  EXPECT_EQ(json["by_command"]["assert_malformed_binary"]["failed"], 2);

  // A worker hands the disposition to its parent.
  ParseResult<FileReport> back =
      fileReportFromJson(nlohmann::json::parse(fileReportToJson(validated).dump()));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->disposition, FileReport::Disposition::ValidateOnly);
  EXPECT_EQ(back->note, "SIMD not compiled yet");
}

TEST(ResultsTest, SimdUnsupportedSkipsAreCountedApartPerReason) {
  const std::string q15 = "SIMD operator not compiled: i16x8.q15mulr_sat_s";
  const std::string noSimd = "SIMD code generation is unavailable: no SSE4.1";
  FileReport file;
  file.name = "simd_i16x8_q15mulr_sat_s.wast";
  file.record(CommandCategory::Module,
              record(1, "module", CommandResult::skippedForSimd(q15), "m.0.wasm"), false);
  file.record(CommandCategory::AssertReturn,
              record(2, "assert_return", CommandResult::skippedForSimd(q15)), false);
  file.record(CommandCategory::AssertReturn,
              record(3, "assert_return", CommandResult::skippedForSimd(noSimd)), false);
  file.record(CommandCategory::AssertMalformedText,
              record(4, "assert_malformed", CommandResult::skipped("text-format")), false);
  EXPECT_EQ(file.total().skipped, 4u);
  EXPECT_EQ(file.simdUnsupported.at(q15), 2u);
  EXPECT_EQ(file.simdUnsupported.at(noSimd), 1u);
  EXPECT_EQ(formatFileReport(file, 20, false),
            "simd_i16x8_q15mulr_sat_s.wast: 0 passed, 0 failed, 4 skipped (3 of the skipped: "
            "SIMD Unsupported)\n");

  // A worker hands its report to the parent as JSON: the counts survive the trip.
  ParseResult<FileReport> back = fileReportFromJson(fileReportToJson(file));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->simdUnsupported, file.simdUnsupported);

  std::vector<FileReport> files = {sampleReport(), *back};
  SuiteTotals totals = SuiteTotals::of(files);
  EXPECT_EQ(totals.simdUnsupportedTotal, 3u);
  const std::string table = formatCategoryTable(totals);
  EXPECT_NE(table.find("skipped because the module is SIMD Unsupported: 3 commands"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("2  " + q15), std::string::npos) << table;
  nlohmann::ordered_json json = resultsJson(files, totals, "/suite", "");
  EXPECT_EQ(json["totals"]["skipped_simd_unsupported"], 3);
  EXPECT_EQ(json["simd_unsupported"][q15], 2);
  EXPECT_EQ(json["simd_unsupported"][noSimd], 1);
  EXPECT_EQ(json["files"][1]["totals"]["skipped_simd_unsupported"], 3);
  EXPECT_FALSE(json["files"][0]["totals"].contains("skipped_simd_unsupported"));
}

}  // namespace
}  // namespace sable::spec
