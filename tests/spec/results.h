// Counting and reporting spec-test outcomes: per command, per file, for the whole suite.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parse_result.h"
#include "wast_json.h"

namespace sable::spec {

enum class Verdict : uint8_t { Passed, Failed, Skipped };

// What the harness concluded about one command, with a human-readable reason for anything but a
// plain pass (what Sable said, what was expected, why it was skipped).
struct CommandResult {
  Verdict verdict = Verdict::Passed;
  std::string detail;
  // The module was rejected as the assertion wanted, but with the other error kind (malformed
  // where invalid was expected or the reverse). Counted as a pass unless the run is strict;
  // either way worth a look, since it usually means a check sits in the wrong phase.
  bool wrongErrorKind = false;
  // Skipped because Sable refused the module as Unsupported for SIMD: an operator its back end
  // does not compile yet, or no SIMD on this ISA configuration. `detail` is that reason
  // ("SIMD operator not compiled: i16x8.q15mulr_sat_s"); such skips are counted per reason.
  bool simdUnsupported = false;

  static CommandResult passed(std::string detail = {}) {
    return {Verdict::Passed, std::move(detail)};
  }
  static CommandResult failed(std::string detail) { return {Verdict::Failed, std::move(detail)}; }
  static CommandResult skipped(std::string reason) { return {Verdict::Skipped, std::move(reason)}; }
  static CommandResult skippedForSimd(std::string reason) {
    return {Verdict::Skipped, std::move(reason), false, true};
  }
};

// The buckets results are counted in: the command types, with assert_malformed split by module
// format, plus `script` for a file that could not be converted or read and `unreadable` for
// commands the harness did not understand.
enum class CommandCategory : uint8_t {
  Module,
  AssertMalformedBinary,
  AssertMalformedText,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  Action,
  Register,
  Unreadable,
  Script,
};
inline constexpr size_t kCommandCategoryCount = static_cast<size_t>(CommandCategory::Script) + 1;

std::string_view categoryName(CommandCategory category);
CommandCategory categoryOf(const SpecCommandBody& body);

// Passed/failed/skipped counts.
struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;

  void add(Verdict verdict);
  Tally& operator+=(const Tally& other);
  uint64_t total() const { return passed + failed + skipped; }
};

// One command's result as it appears in reports.
struct CommandRecord {
  uint32_t line = 0;
  std::string commandType;  // "assert_malformed", ...
  std::string moduleFile;   // the .wasm/.wat the command names, if any
  CommandResult result;
};

// Everything learned from one .wast file.
struct FileReport {
  enum class Disposition : uint8_t {
    Ran,            // converted (or cached) and its commands were run
    SkippedByName,  // on the known-unparseable list and the converter indeed failed
    ScriptError,    // conversion or reading failed unexpectedly: counted as one failure
    Excluded,       // matched --exclude-prefix: not run, its commands counted as skipped
    // Matched --validate-only-prefix: its modules were decoded and validated, nothing was
    // instantiated or executed (those commands are skipped). `note` holds the reason.
    ValidateOnly,
  };

  std::string name;  // "binary.wast"
  Disposition disposition = Disposition::Ran;
  std::string note;  // skip reason, script error, or a remark such as an unexpected conversion
  std::array<Tally, kCommandCategoryCount> byCategory{};
  uint64_t wrongErrorKinds = 0;
  // Commands skipped because of SIMD Unsupported, per reason (CommandResult::simdUnsupported).
  std::map<std::string, uint64_t> simdUnsupported;
  std::vector<CommandRecord> failures;
  std::vector<CommandRecord> allCommands;  // only filled when the run is verbose

  void record(CommandCategory category, CommandRecord record, bool keepAll);
  Tally total() const;
};

// A FileReport as JSON and back, complete (every tally, failure and kept command), so a worker
// process can hand its report to the parent.
nlohmann::ordered_json fileReportToJson(const FileReport& file);
ParseResult<FileReport> fileReportFromJson(const nlohmann::json& json);

// "binary.wast: 116 passed, 0 failed, 45 skipped" (for a validate-only file followed by
// " (validate only: <reason>)") plus, below it, up to `maxFailures` failure
// lines and a count of the rest; every command too when `verbose`.
std::string formatFileReport(const FileReport& file, size_t maxFailures, bool verbose);

// "  binary.wast:12: assert_malformed binary.5.wasm: <detail>".
std::string formatCommandRecord(std::string_view fileName, const CommandRecord& record);

// Suite-wide sums.
struct SuiteTotals {
  Tally total;
  std::array<Tally, kCommandCategoryCount> byCategory{};
  uint64_t wrongErrorKinds = 0;
  std::map<std::string, uint64_t> simdUnsupported;  // per reason, summed over the files
  uint64_t simdUnsupportedTotal = 0;
  std::vector<std::string> filesSkippedByName;
  std::vector<std::string> filesExcluded;
  std::vector<std::pair<std::string, std::string>> filesValidateOnly;  // name, reason

  static SuiteTotals of(const std::vector<FileReport>& files);
};

// The per-category table printed before the closing line.
std::string formatCategoryTable(const SuiteTotals& totals);

// "N passed, N failed, N skipped": the closing line scripts and CI grep for.
std::string formatClosingLine(const Tally& total);

// The machine-readable summary written to spec-results.json. `filter` is recorded so a partial
// run's file is not mistaken for the whole suite's.
// `extra` (an object) is merged into the top level: how the suite was run (bounds mode,
// excluded prefixes, notes). Validate-only files are listed under "validate_only" as
// {file: reason}.
nlohmann::ordered_json resultsJson(const std::vector<FileReport>& files, const SuiteTotals& totals,
                                   std::string_view suiteDir, std::string_view filter,
                                   const nlohmann::ordered_json* extra = nullptr);

}  // namespace sable::spec
