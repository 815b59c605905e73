// `sable compile`: decode, validate and compile modules to machine code, and report how fast.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "json_output.h"
#include "module_source.h"
#include "sable/sable.h"
#include "whole_number.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: sable compile [--repeat N] [--threads T] [--json] [--] MODULE...\n"
    "\n"
    "Decodes, validates and compiles each module, binary (.wasm) or text (.wat, told by its\n"
    "first bytes), to machine code (nothing is instantiated), and prints its code-section\n"
    "size, the machine code produced and the compile time as the fastest of N runs (default\n"
    "5), with the throughput in MB of code section per second. A text module is converted to\n"
    "binary once, before the timed runs.\n"
    "\n"
    "options:\n"
    "  --repeat N    compile each module N times (a whole number, at least 1; default 5)\n"
    "  --threads T   compile on T threads (0 to 1024; default 0: one per core)\n"
    "  --json        print one JSON object per module, one per line, on stdout, errors\n"
    "                included (nothing on stderr): {\"file\", \"valid\", \"functions\",\n"
    "                \"code_section_bytes\", \"machine_code_bytes\", \"compile_ms\", "
    "\"mb_per_s\",\n"
    "                ...} or {\"file\", \"valid\": false, \"error\": {...}}; docs/cli.md\n"
    "                describes every field\n"
    "  -h, --help    show this help\n"
    "\n"
    "exit status: 0 when every module compiles, 1 otherwise, 2 for a bad command line.\n";

// What the options ask for, once checked.
struct CompileSettings {
  uint64_t repeat = 5;
  uint32_t threads = 0;
  bool json = false;
};

// The fastest of `repeat` compiles of one module, and the module it gave.
struct Timing {
  double bestSeconds = 0;
  Result<Module> module;
};

Timing compileRepeatedly(const Engine& engine, const std::vector<uint8_t>& binary,
                         uint64_t repeat) {
  double best = 1e300;
  for (uint64_t k = 0;; ++k) {
    const auto start = std::chrono::steady_clock::now();
    Result<Module> compiled = Module::compile(engine, binary);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    if (!compiled || k + 1 >= repeat) return Timing{best, std::move(compiled)};
  }
}

void printText(const std::string& path, const Module& module, const Timing& timing,
               uint64_t repeat) {
  const ModuleSummary info = module.summary();
  const double codeMb = static_cast<double>(info.codeSectionBytes) / 1e6;
  std::printf("%s: %u functions, code section %llu bytes", path.c_str(), info.definedFunctions,
              static_cast<unsigned long long>(info.codeSectionBytes));
  if (module.machineCodeSize() > 0) {
    std::printf(" -> %zu bytes of machine code", module.machineCodeSize());
  } else if (module.notRunnableReason()) {
    std::printf(" (validated only: %s)", module.notRunnableReason()->message.c_str());
  }
  std::printf(", %.3f ms (best of %llu), %.1f MB/s\n", timing.bestSeconds * 1e3,
              static_cast<unsigned long long>(repeat), codeMb / timing.bestSeconds);
}

Json reportJson(const std::string& path, bool fromText, const Module& module, const Timing& timing,
                const CompileSettings& settings) {
  const ModuleSummary info = module.summary();
  const double codeMb = static_cast<double>(info.codeSectionBytes) / 1e6;
  const Error* notRunnable = module.notRunnableReason();
  return Json{{"file", path},
              {"valid", true},
              {"format", fromText ? "text" : "binary"},
              {"functions", info.definedFunctions},
              {"code_section_bytes", info.codeSectionBytes},
              {"machine_code_bytes", module.machineCodeSize()},
              {"compiled", notRunnable == nullptr},
              {"not_compiled_reason", notRunnable ? Json(notRunnable->message) : Json(nullptr)},
              {"compile_ms", timing.bestSeconds * 1e3},
              {"mb_per_s", codeMb / timing.bestSeconds},
              {"repeat", settings.repeat},
              {"threads", settings.threads}};
}

// Compiles one file and prints its line; returns whether it compiled.
bool compileFile(const Engine& engine, const std::string& path, const CompileSettings& settings) {
  const LoadedModule loaded = loadModule(path);
  if (!loaded.binary) {
    if (settings.json) {
      printJsonLine(failureJson(path, errorJson(loaded.error)));
    } else {
      reportError(path, loaded.error.message);
    }
    return false;
  }
  const Timing timing = compileRepeatedly(engine, *loaded.binary, settings.repeat);
  if (!timing.module) {
    if (settings.json) {
      printJsonLine(failureJson(path, errorJson(timing.module.error())));
    } else {
      reportError(path, timing.module.error().toString());
    }
    return false;
  }
  if (settings.json) {
    printJsonLine(reportJson(path, loaded.fromText, *timing.module, timing, settings));
  } else {
    printText(path, *timing.module, timing, settings.repeat);
  }
  return true;
}

int run(Args args) {
  const Command& self = compileCommand();
  std::string repeatText;
  std::string threadsText;
  CompileSettings settings;
  std::vector<std::string> files;
  CommandLine line(self, OptionPlacement::Anywhere);
  line.addValue("--repeat", repeatText);
  line.addValue("--threads", threadsText);
  line.addFlag("--json", settings.json);
  line.addPositionalList("MODULE", files);
  if (std::optional<int> status = line.parse(args)) return *status;
  if (line.given("--repeat")) {
    const std::optional<uint64_t> repeat = parseWholeNumber(repeatText);
    if (!repeat || *repeat < 1) return usageError(self, "--repeat takes a whole number >= 1");
    settings.repeat = *repeat;
  }
  if (line.given("--threads")) {
    const std::optional<uint64_t> threads = parseWholeNumber(threadsText);
    if (!threads || *threads > 1024) return usageError(self, "--threads takes 0 to 1024");
    settings.threads = static_cast<uint32_t>(*threads);
  }
  if (files.empty()) return usageError(self, "no input file");

  EngineConfig config;
  config.compileThreads = settings.threads;
  const Engine engine(config);
  int status = kExitOk;
  for (const std::string& path : files) {
    if (!compileFile(engine, path, settings)) status = kExitFailure;
  }
  return status;
}

}  // namespace

const Command& compileCommand() {
  static const Command command{
      "compile",
      "compile modules to machine code and report the compile speed",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
