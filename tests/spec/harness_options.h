// The spec harness's command line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parse_result.h"
#include "sable/engine.h"

namespace sable::spec {

// What the user asked for. Unset optionals fall back to build-time defaults in main.
struct HarnessOptions {
  std::optional<std::string> sharedDir;    // --shared DIR
  std::string filter;                      // --filter SUBSTR: run files whose name contains it
  bool verbose = false;                    // --verbose: print every command's result
  std::optional<std::string> resultsPath;  // --results PATH
  std::optional<std::string> cacheDir;     // --cache DIR
  std::optional<std::string> wast2json;    // --wast2json PATH
  unsigned jobs = 0;                       // --jobs N; 0 = one per hardware thread
  bool strictErrorKinds = false;           // --strict
  size_t maxFailuresPerFile = 20;          // --max-failures N
  // --bounds guard|explicit: how the engine keeps memory accesses in bounds.
  MemoryBoundsMode boundsMode = MemoryBoundsMode::GuardPages;
  // --baseline-isa: generate code without optional CPU features.
  bool baselineIsa = false;
  // --exclude-prefix P (repeatable): files whose name starts with P are not run; their
  // commands count as skipped and the results list them under "excluded".
  std::vector<std::string> excludePrefixes;
  // --validate-only-prefix P (repeatable): files whose name starts with P are decoded and
  // validated but nothing in them is instantiated or executed: module, assert_malformed and
  // assert_invalid run as usual, assert_unlinkable/assert_uninstantiable only check that the
  // module validates, and every execution command counts as skipped. The results list them
  // under "validate_only". --exclude-prefix wins when both match.
  std::vector<std::string> validateOnlyPrefixes;
  bool help = false;  // --help
  // --no-isolate: run files on threads of this process instead of one worker process per
  // file. Isolation turns a crash or hang of the engine into failures of single commands.
  bool isolate = true;
  unsigned commandTimeoutSeconds = 30;  // --command-timeout N: a worker stuck this long dies

  // Internal, for the worker processes the harness starts: run one file and write its report.
  std::optional<std::string> workerFile;      // --worker WAST
  std::optional<std::string> workerReport;    // --worker-report PATH
  std::optional<std::string> workerProgress;  // --worker-progress PATH
  std::vector<std::string> workerCrashes;     // --worker-crashed INDEX=REASON (repeatable)
};

// Parses the arguments after the program name. Accepts "--flag VALUE" and "--flag=VALUE".
ParseResult<HarnessOptions> parseHarnessOptions(std::span<const char* const> args);

// The shared-data directory: --shared wins, then a non-empty SABLE_SHARED_DIR environment
// value, then the directory CMake compiled in.
std::filesystem::path resolveSharedDir(const std::optional<std::string>& flag,
                                       const char* environmentValue,
                                       std::string_view compiledDefault);

std::string usageText(std::string_view program);

// "guard" or "explicit", as --bounds spells them.
const char* boundsModeName(MemoryBoundsMode mode);

}  // namespace sable::spec
