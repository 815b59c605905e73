// cm_wast: runs the Component Model reference tests (bin/<folder>/<script>/manifest.json under
// the shared data directory) against Sable, writes component-results.json and checks that
// every command in the expected-passes baseline still passes.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "manifest.h"
#include "results.h"
#include "sable/engine.h"
#include "script_runner.h"

namespace fs = std::filesystem;
using namespace sable::cmwast;

namespace {

// ctest's SKIP_RETURN_CODE: the reference tests are not there.
constexpr int kExitDataMissing = 77;
constexpr int kExitUsage = 2;

struct Options {
  fs::path shared;
  fs::path results = SABLE_CM_WAST_RESULTS_PATH;
  fs::path expectedPasses;       // check against this baseline
  fs::path writeExpectedPasses;  // or write the passes here
  std::string filter;            // only scripts whose "folder/script" contains this
  bool verbose = false;
};

void usage() {
  std::fputs(
      "usage: cm_wast [--shared DIR] [--results FILE] [--expected-passes FILE]\n"
      "               [--write-expected-passes FILE] [--filter TEXT] [--verbose]\n"
      "Runs the Component Model reference tests in DIR/component-model-tests/bin (default:\n"
      "$SABLE_SHARED_DIR, else the CMake SABLE_SHARED_DIR). Exit status: 0 no command of the\n"
      "baseline stopped passing, 1 some did, 2 bad usage, 77 test data missing.\n",
      stderr);
}

bool parseOptions(int argc, char** argv, Options& o) {
  const char* env = std::getenv("SABLE_SHARED_DIR");
  o.shared =
      env != nullptr && *env != '\0' ? fs::path(env) : fs::path(SABLE_CM_WAST_DEFAULT_SHARED_DIR);
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    bool hasValue = i + 1 < argc;
    if (a == "--verbose") {
      o.verbose = true;
    } else if (a == "--shared" && hasValue) {
      o.shared = argv[++i];
    } else if (a == "--results" && hasValue) {
      o.results = argv[++i];
    } else if (a == "--expected-passes" && hasValue) {
      o.expectedPasses = argv[++i];
    } else if (a == "--write-expected-passes" && hasValue) {
      o.writeExpectedPasses = argv[++i];
    } else if (a == "--filter" && hasValue) {
      o.filter = argv[++i];
    } else {
      return false;
    }
  }
  return true;
}

void printNotes(const ScriptResults& script) {
  for (size_t i = 0; i < script.commands.size(); ++i) {
    const CommandResult& r = script.commands[i];
    if (r.outcome == Outcome::Passed) continue;
    std::printf("  %s %s %s: %s\n", r.outcome == Outcome::Failed ? "FAIL" : "skip",
                script.commandId(i).c_str(), r.kind.c_str(), r.note.c_str());
  }
}

// The baseline ids that did not pass this time, printed; returns how many.
size_t reportRegressions(const std::set<std::string>& baseline,
                         const std::set<std::string>& passed) {
  size_t regressions = 0;
  for (const std::string& id : baseline) {
    if (passed.count(id) != 0) continue;
    std::printf("REGRESSION: %s passed before and does not now\n", id.c_str());
    ++regressions;
  }
  return regressions;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parseOptions(argc, argv, options)) {
    usage();
    return kExitUsage;
  }
  fs::path bin = options.shared / "component-model-tests" / "bin";
  std::vector<fs::path> scripts = findScripts(bin);
  if (scripts.empty()) {
    std::printf(
        "SKIPPED: component-model reference tests not found at %s (set SABLE_SHARED_DIR or pass "
        "--shared)\n",
        bin.string().c_str());
    return kExitDataMissing;
  }
  sable::Engine engine;
  std::vector<ScriptResults> all;
  for (const fs::path& dir : scripts) {
    sable::Result<ManifestScript> script = readManifest(dir);
    if (!script) {
      std::printf("FAIL: %s\n", script.error().toString().c_str());
      return 1;
    }
    if (!options.filter.empty() &&
        (script->folder + "/" + script->name).find(options.filter) == std::string::npos)
      continue;
    all.push_back(runScript(engine, *script));
    if (options.verbose) printNotes(all.back());
  }
  writeResultsJson(options.results, all);
  std::printf("%s(details: %s)\n", summaryText(all).c_str(), options.results.string().c_str());
  std::set<std::string> passed = passedIds(all);
  if (!options.writeExpectedPasses.empty())
    return writeBaseline(options.writeExpectedPasses, passed) ? 0 : 1;
  if (options.expectedPasses.empty()) return 0;
  std::optional<std::set<std::string>> baseline = readBaseline(options.expectedPasses);
  if (!baseline) {
    std::printf("FAIL: cannot read %s\n", options.expectedPasses.string().c_str());
    return 1;
  }
  size_t regressions = reportRegressions(*baseline, passed);
  std::printf("%zu of %zu baseline passes still pass\n", baseline->size() - regressions,
              baseline->size());
  return regressions == 0 ? 0 : 1;
}
