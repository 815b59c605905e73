#include "harness_options.h"

#include <charconv>

namespace sable::spec {
namespace {

ParseResult<uint64_t> parseCount(std::string_view flag, std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return ParseResult<uint64_t>::failure(std::string(flag) + " needs a number, got \"" +
                                          std::string(text) + "\"");
  }
  return value;
}

}  // namespace

ParseResult<HarnessOptions> parseHarnessOptions(std::span<const char* const> args) {
  using Fail = ParseResult<HarnessOptions>;
  HarnessOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::optional<std::string_view> inlineValue;
    if (size_t equals = arg.find('='); arg.starts_with("--") && equals != std::string_view::npos) {
      inlineValue = arg.substr(equals + 1);
      arg = arg.substr(0, equals);
    }
    // A value not attached with '=' is the next argument.
    auto value = [&]() -> std::optional<std::string> {
      if (inlineValue) return std::string(*inlineValue);
      if (i + 1 < args.size()) return std::string(args[++i]);
      return std::nullopt;
    };

    bool isSwitch = arg == "--verbose" || arg == "-v" || arg == "--strict" || arg == "--help" ||
                    arg == "-h" || arg == "--no-isolate" || arg == "--baseline-isa";
    if (isSwitch && inlineValue) return Fail::failure(std::string(arg) + " takes no value");

    if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--strict") {
      options.strictErrorKinds = true;
    } else if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--no-isolate") {
      options.isolate = false;
    } else if (arg == "--baseline-isa") {
      options.baselineIsa = true;
    } else if (arg == "--shared" || arg == "--filter" || arg == "--results" || arg == "--cache" ||
               arg == "--wast2json" || arg == "--jobs" || arg == "--max-failures" ||
               arg == "--bounds" || arg == "--exclude-prefix" || arg == "--validate-only-prefix" ||
               arg == "--command-timeout" || arg == "--worker" || arg == "--worker-report" ||
               arg == "--worker-progress" || arg == "--worker-crashed") {
      std::optional<std::string> text = value();
      if (!text) return Fail::failure(std::string(arg) + " needs a value");
      if (arg == "--shared") {
        options.sharedDir = *text;
      } else if (arg == "--filter") {
        options.filter = *text;
      } else if (arg == "--results") {
        options.resultsPath = *text;
      } else if (arg == "--cache") {
        options.cacheDir = *text;
      } else if (arg == "--wast2json") {
        options.wast2json = *text;
      } else if (arg == "--bounds") {
        if (*text == "guard") {
          options.boundsMode = MemoryBoundsMode::GuardPages;
        } else if (*text == "explicit") {
          options.boundsMode = MemoryBoundsMode::Explicit;
        } else {
          return Fail::failure("--bounds needs \"guard\" or \"explicit\", got \"" + *text + "\"");
        }
      } else if (arg == "--worker") {
        options.workerFile = *text;
      } else if (arg == "--worker-report") {
        options.workerReport = *text;
      } else if (arg == "--worker-progress") {
        options.workerProgress = *text;
      } else if (arg == "--worker-crashed") {
        options.workerCrashes.push_back(*text);
      } else if (arg == "--exclude-prefix") {
        if (text->empty()) return Fail::failure("--exclude-prefix needs a non-empty prefix");
        options.excludePrefixes.push_back(*text);
      } else if (arg == "--validate-only-prefix") {
        if (text->empty()) return Fail::failure("--validate-only-prefix needs a non-empty prefix");
        options.validateOnlyPrefixes.push_back(*text);
      } else {
        auto count = parseCount(arg, *text);
        if (!count) return Fail::failure(count.error());
        if (arg == "--jobs") {
          options.jobs = static_cast<unsigned>(*count);
        } else if (arg == "--command-timeout") {
          if (*count == 0) return Fail::failure("--command-timeout needs at least 1 second");
          options.commandTimeoutSeconds = static_cast<unsigned>(*count);
        } else {
          options.maxFailuresPerFile = *count;
        }
      }
    } else {
      return Fail::failure("unknown argument \"" + std::string(args[i]) + "\"");
    }
  }
  return options;
}

std::filesystem::path resolveSharedDir(const std::optional<std::string>& flag,
                                       const char* environmentValue,
                                       std::string_view compiledDefault) {
  if (flag) return *flag;
  if (environmentValue != nullptr && *environmentValue != '\0') return environmentValue;
  return compiledDefault;
}

std::string usageText(std::string_view program) {
  return "usage: " + std::string(program) +
         " [options]\n"
         "Runs the WebAssembly core spec tests (<shared>/wasm-testsuite/core/*.wast).\n"
         "  --shared DIR        shared data directory (default: $SABLE_SHARED_DIR, else the\n"
         "                      CMake SABLE_SHARED_DIR)\n"
         "  --filter SUBSTR     only files whose name contains SUBSTR\n"
         "  --verbose, -v       print every command's result\n"
         "  --baseline-isa      compile for the baseline instruction set only (tests the\n"
         "                      fallbacks for POPCNT, LZCNT, BMI and SSE4.1)\n"
         "  --results PATH      where to write the JSON summary\n"
         "  --cache DIR         where converted scripts are kept\n"
         "  --wast2json PATH    the wast2json to run\n"
         "  --jobs N            files to run in parallel (default: hardware threads)\n"
         "  --strict            count modules rejected with the wrong error kind as failures\n"
         "  --max-failures N    failures printed per file (default 20)\n"
         "  --bounds MODE       memory bounds checks: guard (guard pages, default) or explicit\n"
         "  --exclude-prefix P  do not run files whose name starts with P (repeatable); their\n"
         "                      commands count as skipped\n"
         "  --validate-only-prefix P\n"
         "                      only decode and validate files whose name starts with P\n"
         "                      (repeatable): module and assert_malformed/assert_invalid run,\n"
         "                      nothing is instantiated, execution commands count as skipped\n"
         "  --no-isolate        run files on threads of this process (default: one worker\n"
         "                      process per file, so a crash or hang fails one command)\n"
         "  --command-timeout N kill a worker that makes no progress for N s (default 30;\n"
         "                      4 times that under an emulator, 4 times more before the first\n"
         "                      command)\n"
         "Exit status: 0 all passed, 1 failures, 2 bad usage, 77 test data missing.\n";
}

const char* boundsModeName(MemoryBoundsMode mode) {
  return mode == MemoryBoundsMode::Explicit ? "explicit" : "guard";
}

}  // namespace sable::spec
