// sable_spec: runs the WebAssembly core spec tests against Sable and reports per file, per
// command type and in total. See harness_options.cc for the command line.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness_options.h"
#include "parallel.h"
#include "results.h"
#include "sable/module.h"
#include "spec_suite.h"
#include "subprocess.h"
#include "target_launcher.h"
#include "wast_converter.h"

#ifndef SABLE_SPEC_DEFAULT_SHARED_DIR
#error "SABLE_SPEC_DEFAULT_SHARED_DIR must be defined by the build"
#endif
#ifndef SABLE_SPEC_CACHE_DIR
#error "SABLE_SPEC_CACHE_DIR must be defined by the build"
#endif
#ifndef SABLE_SPEC_RESULTS_PATH
#error "SABLE_SPEC_RESULTS_PATH must be defined by the build"
#endif
#ifndef SABLE_SPEC_WAST2JSON
#define SABLE_SPEC_WAST2JSON "wast2json"
#endif

namespace {

namespace fs = std::filesystem;
using namespace sable::spec;

constexpr int kExitPassed = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
// ctest's SKIP_RETURN_CODE for spec_core; the automake convention for "skipped".
constexpr int kExitDataMissing = 77;

// Prints per-file reports in file order as soon as every earlier file has finished, so the
// output is deterministic but still shows progress while a slow file runs.
class OrderedPrinter {
 public:
  explicit OrderedPrinter(size_t count) : pending_(count) {}

  void publish(size_t index, std::string text) {
    std::lock_guard lock(mutex_);
    pending_[index] = std::move(text);
    while (next_ < pending_.size() && pending_[next_]) {
      std::fputs(pending_[next_]->c_str(), stdout);
      pending_[next_].reset();
      ++next_;
    }
    std::fflush(stdout);
  }

 private:
  std::mutex mutex_;
  std::vector<std::optional<std::string>> pending_;
  size_t next_ = 0;
};

bool writeResults(const fs::path& path, const nlohmann::ordered_json& results) {
  std::error_code error;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), error);
  std::ofstream out(path);
  out << results.dump(2) << '\n';
  return static_cast<bool>(out);
}

// A worker that crashes or hangs is restarted with the offending command marked failed; after
// this many the file is given up as one script failure.
constexpr size_t kMaxCrashesPerFile = 40;

// Before its first command a worker starts (under qemu, a second or more of emulator start-up)
// and converts its script; it gets this many command budgets for that.
constexpr double kStartupStallFactor = 4;

// Emulated code runs several times slower, and the tests of a cross build share the machine
// with other emulated test programs: a command gets this many times the native budget.
constexpr double kEmulatedStallFactor = 4;

// How long a worker may go without progress before it is taken for hung.
double commandStallSeconds(const HarnessOptions& options) {
  const double budget = options.commandTimeoutSeconds;
  return sable::test::targetLauncher().empty() ? budget : budget * kEmulatedStallFactor;
}

FileRunSettings settingsFor(const HarnessOptions& options) {
  FileRunSettings settings;
  settings.runner.strictErrorKinds = options.strictErrorKinds;
  settings.keepAllCommands = options.verbose;
  settings.excludePrefixes = options.excludePrefixes;
  settings.validateOnlyPrefixes = options.validateOnlyPrefixes;
  return settings;
}

WastConverter converterFor(const HarnessOptions& options) {
  return WastConverter(options.wast2json.value_or(SABLE_SPEC_WAST2JSON),
                       options.cacheDir.value_or(SABLE_SPEC_CACHE_DIR));
}

std::string readWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

FileReport scriptFailure(std::string name, std::string note) {
  FileReport report;
  report.name = std::move(name);
  report.disposition = FileReport::Disposition::ScriptError;
  report.note = std::move(note);
  report.byCategory[static_cast<size_t>(CommandCategory::Script)].add(Verdict::Failed);
  return report;
}

// --worker: runs one file in this process and writes its report for the parent. Before each
// command it rewrites the progress file with the command's index, so the parent can tell which
// command was running when the process crashed or stopped making progress.
int runWorker(const HarnessOptions& options) {
  if (!options.workerReport || !options.workerProgress) {
    std::fprintf(stderr, "error: --worker needs --worker-report and --worker-progress\n");
    return kExitUsage;
  }
  FileRunSettings settings = settingsFor(options);
  for (const std::string& crash : options.workerCrashes) {
    size_t equals = crash.find('=');
    if (equals == std::string::npos) {
      std::fprintf(stderr, "error: bad --worker-crashed \"%s\"\n", crash.c_str());
      return kExitUsage;
    }
    settings.knownCrashes[std::stoul(crash.substr(0, equals))] = crash.substr(equals + 1);
  }
  int progressFd = open(options.workerProgress->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (progressFd < 0) {
    std::perror("error: cannot open the progress file");
    return kExitFailed;
  }
  settings.beforeCommand = [progressFd](size_t index) {
    char text[24];
    int length = std::snprintf(text, sizeof text, "%-20zu\n", index);
    if (pwrite(progressFd, text, static_cast<size_t>(length), 0) != length) std::abort();
  };
  const sable::Engine engine(sable::EngineConfig{.compileThreads = 1,
                                                 .memoryBoundsMode = options.boundsMode,
                                                 .baselineIsa = options.baselineIsa});
  FileReport report = runSpecFile(*options.workerFile, converterFor(options), engine, settings);
  close(progressFd);
  std::ofstream out(*options.workerReport);
  out << fileReportToJson(report).dump() << '\n';
  return out ? kExitPassed : kExitFailed;
}

// Runs one file in a worker process. When the worker crashes or hangs, the command it was
// running is recorded as failed and the file is run again with that command marked, so every
// other command still gets its verdict.
FileReport runIsolated(const fs::path& wastPath, size_t index, const HarnessOptions& options,
                       const fs::path& scratchDir, const std::string& self) {
  const std::string name = wastPath.filename().string();
  const fs::path base = scratchDir / std::to_string(index);
  const fs::path reportPath = base.string() + ".report.json";
  const fs::path progressPath = base.string() + ".progress";
  const fs::path logPath = base.string() + ".log";
  std::vector<std::string> crashes;
  const double stallSeconds = commandStallSeconds(options);
  bool retriedStartup = false;
  for (size_t attempt = 0; attempt <= kMaxCrashesPerFile; ++attempt) {
    std::vector<std::string> argv = {self,
                                     "--worker",
                                     wastPath.string(),
                                     "--worker-report",
                                     reportPath.string(),
                                     "--worker-progress",
                                     progressPath.string(),
                                     "--bounds",
                                     boundsModeName(options.boundsMode),
                                     "--cache",
                                     options.cacheDir.value_or(SABLE_SPEC_CACHE_DIR),
                                     "--wast2json",
                                     options.wast2json.value_or(SABLE_SPEC_WAST2JSON)};
    if (options.strictErrorKinds) argv.push_back("--strict");
    if (options.baselineIsa) argv.push_back("--baseline-isa");
    if (options.verbose) argv.push_back("--verbose");
    // Validate-only files still run in a worker: decoding and validating can crash too.
    for (const std::string& prefix : options.validateOnlyPrefixes) {
      argv.push_back("--validate-only-prefix");
      argv.push_back(prefix);
    }
    for (const std::string& crash : crashes) {
      argv.push_back("--worker-crashed");
      argv.push_back(crash);
    }
    std::error_code error;
    fs::remove(reportPath, error);
    { std::ofstream(progressPath, std::ios::trunc); }
    ProcessOutcome outcome =
        runProcessWatched(sable::test::withTargetLauncher(std::move(argv)), logPath, progressPath,
                          stallSeconds, kStartupStallFactor * stallSeconds);
    if (outcome.succeeded()) {
      nlohmann::json json =
          nlohmann::json::parse(readWhole(reportPath), nullptr, /*allow_exceptions=*/false);
      ParseResult<FileReport> report = fileReportFromJson(json);
      if (!report) return scriptFailure(name, "worker report unreadable: " + report.error());
      return std::move(report).value();
    }
    std::string progress = readWhole(progressPath);
    size_t commandIndex = 0;
    if (progress.empty() || std::sscanf(progress.c_str(), "%zu", &commandIndex) != 1) {
      // A worker lost before its first command names no command to mark; on a shared machine
      // that can be the machine (the OOM killer, an overloaded emulator), so it gets one retry.
      if (!retriedStartup) {
        retriedStartup = true;
        std::fprintf(stderr, "%s: worker %s before running any command; retrying once\n",
                     name.c_str(), outcome.describe().c_str());
        continue;
      }
      return scriptFailure(
          name, "worker " + outcome.describe() + " before running any command:\n" + outcome.output);
    }
    std::string reason = outcome.stalled ? "hung: no progress for " +
                                               std::to_string(static_cast<int>(stallSeconds)) +
                                               " s, worker killed"
                                         : "crashed the worker: " + outcome.describe();
    std::string output = outcome.output;
    while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
    if (!output.empty()) {
      if (output.size() > 300) output = "..." + output.substr(output.size() - 300);
      reason += " [output: " + output + "]";
    }
    crashes.push_back(std::to_string(commandIndex) + "=" + reason);
  }
  return scriptFailure(
      name, "gave up after " + std::to_string(kMaxCrashesPerFile) + " crashed or hung commands");
}

int run(const HarnessOptions& options) {
  const fs::path sharedDir = resolveSharedDir(options.sharedDir, std::getenv("SABLE_SHARED_DIR"),
                                              SABLE_SPEC_DEFAULT_SHARED_DIR);
  const fs::path suiteDir = sharedDir / "wasm-testsuite" / "core";
  std::error_code error;
  if (!fs::is_directory(suiteDir, error)) {
    std::printf(
        "SKIPPED: spec test data not found at %s (set SABLE_SHARED_DIR or pass "
        "--shared)\n",
        suiteDir.c_str());
    return kExitDataMissing;
  }

  std::vector<fs::path> files = findSpecFiles(suiteDir, options.filter);
  if (files.empty()) {
    std::fprintf(stderr, "error: no .wast files in %s match \"%s\"\n", suiteDir.c_str(),
                 options.filter.c_str());
    return kExitUsage;
  }

  const WastConverter converter(options.wast2json.value_or(SABLE_SPEC_WAST2JSON),
                                options.cacheDir.value_or(SABLE_SPEC_CACHE_DIR));
  if (std::string problem = converter.checkTool(); !problem.empty()) {
    std::fprintf(stderr,
                 "error: cannot run wast2json (install Debian's wabt or pass "
                 "--wast2json): %s\n",
                 problem.c_str());
    return kExitFailed;
  }

  const unsigned threads = options.jobs != 0 ? options.jobs : defaultThreadCount();
  // The harness parallelizes over files, so each compile stays on its own thread.
  const sable::Engine engine(sable::EngineConfig{.compileThreads = 1,
                                                 .memoryBoundsMode = options.boundsMode,
                                                 .baselineIsa = options.baselineIsa});
  if (engine.codeEngineError()) {
    std::fprintf(stderr, "error: the engine has no code generator: %s\n",
                 engine.codeEngineError()->toString().c_str());
    return kExitFailed;
  }
  const FileRunSettings settings = settingsFor(options);
  std::printf("memory bounds mode: %s\n", boundsModeName(options.boundsMode));

  auto start = std::chrono::steady_clock::now();
  std::vector<FileReport> reports(files.size());
  OrderedPrinter printer(files.size());
  std::error_code scratchError;
  const fs::path scratchDir =
      fs::temp_directory_path(scratchError) / ("sable-spec-" + std::to_string(getpid()));
  const std::string self = fs::read_symlink("/proc/self/exe", scratchError).string();
  if (options.isolate) fs::create_directories(scratchDir, scratchError);
  runParallel(files.size(), threads, [&](size_t i) {
    const bool excluded =
        exclusionReason(files[i].filename().string(), options.excludePrefixes).has_value();
    if (options.isolate && !excluded) {
      reports[i] = runIsolated(files[i], i, options, scratchDir, self);
    } else {
      reports[i] = runSpecFile(files[i], converter, engine, settings);
    }
    printer.publish(i, formatFileReport(reports[i], options.maxFailuresPerFile, options.verbose));
  });
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (options.isolate) fs::remove_all(scratchDir, scratchError);

  SuiteTotals totals = SuiteTotals::of(reports);
  std::fputs(formatCategoryTable(totals).c_str(), stdout);
  const fs::path resultsPath = options.resultsPath.value_or(SABLE_SPEC_RESULTS_PATH);
  nlohmann::ordered_json extra;
  extra["bounds"] = boundsModeName(options.boundsMode);
  extra["baseline_isa"] = options.baselineIsa;
  extra["exclude_prefixes"] = options.excludePrefixes;
  extra["validate_only_prefixes"] = options.validateOnlyPrefixes;
  extra["notes"] = {
      "Files matching an --exclude-prefix are not run; their commands count as skipped and "
      "they are listed under \"excluded\".",
      "Files matching a --validate-only-prefix (and no --exclude-prefix) are decoded and "
      "validated but nothing in them is instantiated or executed: module, assert_malformed and "
      "assert_invalid are judged as usual, assert_unlinkable and assert_uninstantiable only "
      "check that the module validates and then count as skipped, and every execution command "
      "(assert_return, assert_trap, assert_exhaustion, action, register) counts as skipped. "
      "They are listed under \"validate_only\" with the reason.",
      "A module the JIT refuses as Unsupported for SIMD (an operator a back end does not "
      "compile yet, or an ISA configuration without SIMD such as --baseline-isa) counts as "
      "skipped, with every command that uses it; such skips are also counted per reason under "
      "\"simd_unsupported\" (total in totals.skipped_simd_unsupported).",
  };
  const bool resultsWritten = writeResults(
      resultsPath, resultsJson(reports, totals, suiteDir.string(), options.filter, &extra));
  if (resultsWritten) {
    std::printf("results written to %s\n", resultsPath.c_str());
  } else {
    std::fprintf(stderr, "error: cannot write %s\n", resultsPath.c_str());
  }
  std::printf("%zu files in %.1f s on %u threads\n", files.size(), elapsed.count(), threads);
  std::printf("%s\n", formatClosingLine(totals.total).c_str());
  return totals.total.failed == 0 && resultsWritten ? kExitPassed : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  std::span<const char* const> args(const_cast<const char* const*>(argv) + 1,
                                    static_cast<size_t>(argc > 0 ? argc - 1 : 0));
  ParseResult<HarnessOptions> options = parseHarnessOptions(args);
  if (!options) {
    std::fprintf(stderr, "error: %s\n%s", options.error().c_str(), usageText(argv[0]).c_str());
    return kExitUsage;
  }
  if (options->help) {
    std::fputs(usageText(argv[0]).c_str(), stdout);
    return kExitPassed;
  }
  if (options->workerFile) return runWorker(*options);
  return run(*options);
}
