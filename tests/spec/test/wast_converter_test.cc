// Tests of the pieces that touch the file system and wast2json: conversion and its cache,
// the known-unparseable list, the command runner on hand-made module files, and whole scripts
// run through the JIT.
#include "wast_converter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "results.h"
#include "spec_runner.h"
#include "spec_suite.h"
#include "subprocess.h"

namespace sable::spec {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("sable_spec_" + std::string(test->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
    return dir_ / name;
  }

  bool haveWast2json() {
    return runProcess({SABLE_SPEC_WAST2JSON, "--version"}, dir_ / "version.log").succeeded();
  }

  fs::path dir_;
};

using WastConverterTest = ScratchDirTest;
using CommandRunnerTest = ScratchDirTest;

TEST_F(WastConverterTest, ConvertsOnceThenUsesTheCache) {
  if (!haveWast2json()) GTEST_SKIP() << "wast2json not available";
  fs::path wast = write("tiny.wast",
                        "(module (func (export \"f\") (result i32) (i32.const 7)))\n"
                        "(assert_return (invoke \"f\") (i32.const 7))\n");
  WastConverter converter(SABLE_SPEC_WAST2JSON, dir_ / "cache");
  Conversion first = converter.convert(wast);
  ASSERT_EQ(first.status, Conversion::Status::Converted) << first.diagnostics;
  EXPECT_EQ(first.jsonPath, dir_ / "cache" / "tiny" / "tiny.json");
  EXPECT_TRUE(fs::exists(first.jsonPath));
  EXPECT_TRUE(fs::exists(dir_ / "cache" / "tiny" / "tiny.0.wasm"));

  EXPECT_EQ(converter.convert(wast).status, Conversion::Status::Cached);

  fs::last_write_time(wast, fs::last_write_time(first.jsonPath) + std::chrono::seconds(5));
  EXPECT_EQ(converter.convert(wast).status, Conversion::Status::Converted);
}

TEST_F(WastConverterTest, FailureLeavesNoCacheEntry) {
  if (!haveWast2json()) GTEST_SKIP() << "wast2json not available";
  fs::path wast = write("broken.wast", "(module (func (i32.bogus)))\n");
  WastConverter converter(SABLE_SPEC_WAST2JSON, dir_ / "cache");
  Conversion conversion = converter.convert(wast);
  EXPECT_EQ(conversion.status, Conversion::Status::Failed);
  EXPECT_NE(conversion.diagnostics.find("exit code"), std::string::npos) << conversion.diagnostics;
  EXPECT_NE(conversion.diagnostics.find("bogus"), std::string::npos) << conversion.diagnostics;
  EXPECT_FALSE(fs::exists(dir_ / "cache" / "broken"));
  // Nothing left behind from the scratch directory either.
  EXPECT_TRUE(fs::is_empty(dir_ / "cache"));
}

TEST_F(WastConverterTest, MissingToolIsReported) {
  WastConverter converter((dir_ / "no-such-wast2json").string(), dir_ / "cache");
  EXPECT_NE(converter.checkTool().find("could not start"), std::string::npos);
}

TEST(KnownUnparseableTest, ListsExactlyTheDebianWabtFailures) {
  for (const char* name : {"comments.wast", "if.wast", "table_fill.wast", "table_get.wast",
                           "table_grow.wast", "table_set.wast", "table_size.wast"}) {
    EXPECT_TRUE(knownUnparseableReason(name).has_value()) << name;
  }
  EXPECT_FALSE(knownUnparseableReason("table.wast").has_value());
  EXPECT_FALSE(knownUnparseableReason("table_copy.wast").has_value());
  EXPECT_FALSE(knownUnparseableReason("binary.wast").has_value());
}

TEST_F(CommandRunnerTest, JudgesModuleCommandsByCompileOutcome) {
  // The smallest valid module, and one with a bad magic number.
  write("empty.wasm", std::string("\0asm\x01\0\0\0", 8));
  write("badmagic.wasm", std::string("\0asn\x01\0\0\0", 8));
  Engine engine;
  CommandRunner runner(engine, dir_, RunnerOptions{});

  EXPECT_EQ(runner.runModule(ModuleCommand{std::nullopt, "empty.wasm"}).verdict, Verdict::Passed);
  CommandResult badModule = runner.runModule(ModuleCommand{std::nullopt, "badmagic.wasm"});
  EXPECT_EQ(badModule.verdict, Verdict::Failed);
  EXPECT_NE(badModule.detail.find("compile failed"), std::string::npos);

  AssertModuleCommand malformed{AssertModuleCommand::Expectation::Malformed, ModuleFormat::Binary,
                                "badmagic.wasm", "magic header not detected"};
  EXPECT_EQ(runner.runAssertModule(malformed).verdict, Verdict::Passed);
  malformed.filename = "empty.wasm";
  EXPECT_EQ(runner.runAssertModule(malformed).verdict, Verdict::Failed);
  malformed.filename = "missing.wasm";
  EXPECT_EQ(runner.runAssertModule(malformed).verdict, Verdict::Failed);
  malformed.format = ModuleFormat::Text;
  EXPECT_EQ(runner.runAssertModule(malformed).verdict, Verdict::Skipped);

  // A module without imports links: an assert_unlinkable on it fails, as does one on a module
  // that does not even compile.
  AssertModuleCommand unlinkable{AssertModuleCommand::Expectation::Unlinkable, ModuleFormat::Binary,
                                 "empty.wasm", "unknown import"};
  CommandResult linked = runner.runAssertModule(unlinkable);
  EXPECT_EQ(linked.verdict, Verdict::Failed);
  EXPECT_NE(linked.detail.find("instantiated, but should fail to link"), std::string::npos);
  unlinkable.filename = "badmagic.wasm";
  EXPECT_EQ(runner.runAssertModule(unlinkable).verdict, Verdict::Failed);

  // The last module failed, so there is no instance to act on: a failure, not a skip.
  CommandResult noInstance = runner.runAssertReturn(AssertReturnCommand{});
  EXPECT_EQ(noInstance.verdict, Verdict::Failed);
  EXPECT_NE(noInstance.detail.find("no current instance"), std::string::npos) << noInstance.detail;
  EXPECT_EQ(runner.runUnreadable(UnreadableCommand{"x", "y"}).verdict, Verdict::Failed);
}

// A whole script through wast2json and the JIT: every execution command type, judged right both
// when the engine agrees with the script and when the script's expectation is wrong.
TEST_F(CommandRunnerTest, ExecutesScriptsAndJudgesEveryCommandType) {
  if (!haveWast2json()) GTEST_SKIP() << "wast2json not available";
  fs::path wast = write("exec.wast", R"((module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "snan") (result f32) (f32.const nan:0x200000))
  (func (export "qnan") (result f64) (f64.const nan))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $r (export "rec") (call $r))
  (global (export "g") i32 (i32.const 5))
)
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
(assert_return (invoke "snan") (f32.const nan:arithmetic))
(assert_return (invoke "qnan") (f64.const nan:canonical))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 1))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 2))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1)) "integer divide by zero")
(assert_exhaustion (invoke "rec") "call stack exhausted")
(assert_exhaustion (invoke "div" (i32.const 0)) "call stack exhausted")
(assert_return (get "g") (i32.const 5))
(assert_return (invoke "add" (i32.const 7) (i32.const 2)) (i32.const 9))
(register "M")
(module (import "M" "g" (global i32)) (import "spectest" "print_i32" (func (param i32))))
(assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "M" "g" (global i32))) "unknown import")
(assert_trap (module (memory 1) (data (i32.const 70000) "x")) "out of bounds memory access")
(assert_trap (module (memory 1) (data (i32.const 0) "x")) "out of bounds memory access")
(module $N (func (export "f") (result i32) (i32.const 42)))
(assert_return (invoke $N "f") (i32.const 42))
(invoke "f"))");
  WastConverter converter(SABLE_SPEC_WAST2JSON, dir_ / "cache");
  Engine engine;
  ASSERT_EQ(engine.codeEngineError(), std::nullopt) << "no JIT on this machine";
  FileRunSettings settings;
  settings.keepAllCommands = true;
  FileReport report = runSpecFile(wast, converter, engine, settings);
  ASSERT_EQ(report.disposition, FileReport::Disposition::Ran) << report.note;

  std::map<uint32_t, Verdict> verdicts;
  for (const CommandRecord& record : report.allCommands)
    verdicts[record.line] = record.result.verdict;
  const std::set<uint32_t> shouldFail = {11, 12, 15, 18, 20, 26, 28};
  for (const auto& [line, verdict] : verdicts) {
    EXPECT_EQ(verdict, shouldFail.contains(line) ? Verdict::Failed : Verdict::Passed)
        << "exec.wast:" << line;
  }
  EXPECT_EQ(verdicts.size(), 23u);
  EXPECT_EQ(report.total().failed, shouldFail.size());
  EXPECT_EQ(report.total().skipped, 0u);
}

TEST_F(CommandRunnerTest, ExcludedFilesCountTheirCommandsAsSkipped) {
  if (!haveWast2json()) GTEST_SKIP() << "wast2json not available";
  fs::path wast = write("simd_tiny.wast",
                        "(module (func (export \"f\") (result i32) (i32.const 7)))\n"
                        "(assert_return (invoke \"f\") (i32.const 7))\n");
  WastConverter converter(SABLE_SPEC_WAST2JSON, dir_ / "cache");
  Engine engine;
  FileRunSettings settings;
  settings.excludePrefixes = {"simd_"};
  FileReport report = runSpecFile(wast, converter, engine, settings);
  EXPECT_EQ(report.disposition, FileReport::Disposition::Excluded);
  EXPECT_EQ(report.note, "SIMD not compiled yet");
  EXPECT_EQ(report.total().skipped, 2u);
  EXPECT_EQ(report.total().passed + report.total().failed, 0u);
}

// A validate-only file: modules are compiled (decoded and validated) but nothing is instantiated,
// so expectations that only execution could check are skipped, right or wrong.
TEST_F(CommandRunnerTest, ValidateOnlyFilesValidateButNeverInstantiate) {
  if (!haveWast2json()) GTEST_SKIP() << "wast2json not available";
  fs::path wast =
      write("simd_tiny.wast", R"wast((module $F (func (export "f") (result i32) (i32.const 7)))
(assert_return (invoke $F "f") (i32.const 8))
(module $S (func (export "v") (result v128) (v128.const i32x4 1 2 3 4)))
(assert_return (invoke $S "v") (v128.const i32x4 1 2 3 4))
(assert_trap (invoke $F "f") "unreachable")
(assert_exhaustion (invoke $F "f") "call stack exhausted")
(invoke $F "f")
(register "M" $S)
(assert_invalid (module (func (result v128) (i32.const 0))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_malformed (module quote "(func (v128.const i32x4 0))") "unexpected token")
(assert_malformed (module binary "\00asm\01\00\00\00\0b") "unexpected end")
(assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
)wast");
  WastConverter converter(SABLE_SPEC_WAST2JSON, dir_ / "cache");
  Engine engine;
  ASSERT_EQ(engine.codeEngineError(), std::nullopt) << "no JIT on this machine";
  FileRunSettings settings;
  settings.keepAllCommands = true;
  settings.validateOnlyPrefixes = {"simd_"};
  FileReport report = runSpecFile(wast, converter, engine, settings);
  ASSERT_EQ(report.disposition, FileReport::Disposition::ValidateOnly) << report.note;
  EXPECT_EQ(report.note, "SIMD not compiled yet");

  std::map<uint32_t, CommandResult> results;
  for (const CommandRecord& record : report.allCommands) results[record.line] = record.result;
  ASSERT_EQ(results.size(), 15u);
  const std::set<uint32_t> shouldPass = {1, 3, 9, 12};
  const std::set<uint32_t> shouldFail = {10};  // a valid module in assert_invalid
  for (const auto& [line, result] : results) {
    Verdict expected = shouldPass.contains(line)   ? Verdict::Passed
                       : shouldFail.contains(line) ? Verdict::Failed
                                                   : Verdict::Skipped;
    EXPECT_EQ(result.verdict, expected) << "simd_tiny.wast:" << line << ": " << result.detail;
  }
  // The SIMD module validates (and the JIT compiles it), but nothing is instantiated here.
  EXPECT_NE(results[3].detail.find("validated"), std::string::npos) << results[3].detail;
  EXPECT_EQ(results[3].detail.find("not runnable"), std::string::npos) << results[3].detail;
  EXPECT_EQ(results[2].detail, "SIMD not compiled yet");
  EXPECT_EQ(results[8].detail, "SIMD not compiled yet");
  EXPECT_NE(results[13].detail.find("validated"), std::string::npos) << results[13].detail;
  EXPECT_EQ(report.wrongErrorKinds, 0u);

  // Counted per command type.
  auto tally = [&](CommandCategory category) {
    return report.byCategory[static_cast<size_t>(category)];
  };
  EXPECT_EQ(tally(CommandCategory::Module).passed, 2u);
  EXPECT_EQ(tally(CommandCategory::AssertInvalid).passed, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertInvalid).failed, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertMalformedBinary).passed, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertMalformedText).skipped, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertReturn).skipped, 2u);
  EXPECT_EQ(tally(CommandCategory::AssertTrap).skipped, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertExhaustion).skipped, 1u);
  EXPECT_EQ(tally(CommandCategory::Action).skipped, 1u);
  EXPECT_EQ(tally(CommandCategory::Register).skipped, 1u);
  EXPECT_EQ(tally(CommandCategory::AssertUnlinkable).skipped, 2u);
  EXPECT_EQ(tally(CommandCategory::AssertUninstantiable).skipped, 1u);
  std::string text = formatFileReport(report, 0, false);
  EXPECT_EQ(text.substr(0, text.find('\n') + 1),
            "simd_tiny.wast: 4 passed, 1 failed, 10 skipped (validate only: SIMD not compiled "
            "yet)\n");

  // --exclude-prefix wins over --validate-only-prefix.
  settings.excludePrefixes = {"simd_"};
  EXPECT_EQ(runSpecFile(wast, converter, engine, settings).disposition,
            FileReport::Disposition::Excluded);
}

TEST_F(CommandRunnerTest, ValidateOnlyJudgesModulesByCompileOutcome) {
  write("empty.wasm", std::string("\0asm\x01\0\0\0", 8));
  write("badmagic.wasm", std::string("\0asn\x01\0\0\0", 8));
  Engine engine;
  RunnerOptions options;
  options.validateOnlyReason = "why not";
  CommandRunner runner(engine, dir_, options);
  auto run = [&](SpecCommandBody body) { return runner.run(SpecCommand{1, std::move(body)}); };

  EXPECT_EQ(run(ModuleCommand{std::nullopt, "empty.wasm"}).verdict, Verdict::Passed);
  CommandResult badModule = run(ModuleCommand{std::nullopt, "badmagic.wasm"});
  EXPECT_EQ(badModule.verdict, Verdict::Failed);
  EXPECT_NE(badModule.detail.find("compile failed"), std::string::npos) << badModule.detail;
  EXPECT_EQ(run(ModuleCommand{std::nullopt, "missing.wasm"}).verdict, Verdict::Failed);

  for (auto expectation : {AssertModuleCommand::Expectation::Unlinkable,
                           AssertModuleCommand::Expectation::Uninstantiable}) {
    AssertModuleCommand command{expectation, ModuleFormat::Binary, "empty.wasm", "x"};
    CommandResult valid = run(command);
    EXPECT_EQ(valid.verdict, Verdict::Skipped);
    EXPECT_NE(valid.detail.find("why not"), std::string::npos) << valid.detail;
    command.filename = "badmagic.wasm";
    EXPECT_EQ(run(command).verdict, Verdict::Failed);
  }
  AssertModuleCommand malformed{AssertModuleCommand::Expectation::Malformed, ModuleFormat::Binary,
                                "badmagic.wasm", "magic header not detected"};
  EXPECT_EQ(run(malformed).verdict, Verdict::Passed);
  malformed.filename = "empty.wasm";
  EXPECT_EQ(run(malformed).verdict, Verdict::Failed);

  // Execution commands are skipped with the reason, even with no instance to act on.
  CommandResult skipped = run(AssertReturnCommand{});
  EXPECT_EQ(skipped.verdict, Verdict::Skipped);
  EXPECT_EQ(skipped.detail, "why not");
  EXPECT_EQ(run(RegisterCommand{std::nullopt, "M"}).verdict, Verdict::Skipped);
  EXPECT_EQ(run(UnreadableCommand{"x", "y"}).verdict, Verdict::Failed);
}

TEST(PrefixReasonTest, NamesTheFlagOrTheKnownReason) {
  EXPECT_EQ(validateOnlyReason("simd_lane.wast", {"simd_"}), "SIMD not compiled yet");
  EXPECT_EQ(validateOnlyReason("table.wast", {"simd_", "tab"}),
            "name starts with --validate-only-prefix tab");
  EXPECT_EQ(validateOnlyReason("table.wast", {"simd_"}), std::nullopt);
  EXPECT_EQ(exclusionReason("table.wast", {"tab"}), "name starts with --exclude-prefix tab");
}

TEST(FileReportJsonTest, RoundTrips) {
  FileReport report;
  report.name = "x.wast";
  report.note = "n";
  report.wrongErrorKinds = 1;
  report.record(CommandCategory::AssertReturn,
                CommandRecord{3, "assert_return", "", CommandResult::failed("expected 1, got 2")},
                true);
  report.record(CommandCategory::Module,
                CommandRecord{1, "module", "x.0.wasm", CommandResult::passed()}, true);
  ParseResult<FileReport> back =
      fileReportFromJson(nlohmann::json::parse(fileReportToJson(report).dump()));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->name, "x.wast");
  EXPECT_EQ(back->note, "n");
  EXPECT_EQ(back->wrongErrorKinds, 1u);
  EXPECT_EQ(back->byCategory[static_cast<size_t>(CommandCategory::AssertReturn)].failed, 1u);
  EXPECT_EQ(back->byCategory[static_cast<size_t>(CommandCategory::Module)].passed, 1u);
  ASSERT_EQ(back->failures.size(), 1u);
  EXPECT_EQ(back->failures[0].line, 3u);
  EXPECT_EQ(back->failures[0].result.detail, "expected 1, got 2");
  EXPECT_EQ(back->allCommands.size(), 2u);
  EXPECT_EQ(back->allCommands[1].moduleFile, "x.0.wasm");
  EXPECT_FALSE(fileReportFromJson(nlohmann::json::parse("{}")).ok());
}

}  // namespace
}  // namespace sable::spec
