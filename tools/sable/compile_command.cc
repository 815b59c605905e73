// `sable compile`: decode, validate and compile modules to machine code, and report how fast.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "command.h"
#include "module_reader.h"
#include "sable/sable.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: sable compile [--repeat N] [--threads T] MODULE.wasm...\n"
    "\n"
    "Decodes, validates and compiles each module to machine code (nothing is instantiated),\n"
    "and prints its code-section size, the machine code produced and the compile time as the\n"
    "fastest of N runs (default 5), with the throughput in MB of code section per second.\n"
    "--threads T compiles on T threads (default 0: one per core).\n"
    "\n"
    "exit status: 0 when every module compiles, 1 otherwise, 2 for a bad command line.\n";

int run(Args args) {
  const Command& self = compileCommand();
  int repeat = 5;
  EngineConfig config;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kHelp;
      return kExitOk;
    }
    if (a == "--repeat") {
      if (i + 1 >= args.size()) return usageError(self, "--repeat needs a count");
      repeat = std::atoi(std::string(args[++i]).c_str());
      if (repeat < 1) return usageError(self, "--repeat needs a positive count");
      continue;
    }
    if (a == "--threads") {
      if (i + 1 >= args.size()) return usageError(self, "--threads needs a count");
      char* end = nullptr;
      std::string value(args[++i]);
      unsigned long n = std::strtoul(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n > 1024) {
        return usageError(self, "--threads needs a count from 0 to 1024");
      }
      config.compileThreads = static_cast<uint32_t>(n);
      continue;
    }
    if (a.starts_with("-")) return usageError(self, "unknown option '" + std::string(a) + "'");
    files.emplace_back(a);
  }
  if (files.empty()) return usageError(self, "no input file");

  Engine engine(config);
  int status = kExitOk;
  for (const std::string& path : files) {
    std::optional<std::vector<uint8_t>> bytes = readModuleOrReport(path);
    if (!bytes) {
      status = kExitFailure;
      continue;
    }
    double best = 1e300;
    std::optional<Module> module;
    for (int k = 0; k < repeat; ++k) {
      auto start = std::chrono::steady_clock::now();
      Result<Module> compiled = Module::compile(engine, *bytes);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!compiled) {
        reportError(path, compiled.error().toString());
        status = kExitFailure;
        module.reset();
        break;
      }
      best = std::min(best, seconds);
      module = std::move(compiled.value());
    }
    if (!module) continue;
    const ModuleSummary info = module->summary();
    double codeMb = static_cast<double>(info.codeSectionBytes) / 1e6;
    std::printf("%s: %u functions, code section %llu bytes", path.c_str(), info.definedFunctions,
                static_cast<unsigned long long>(info.codeSectionBytes));
    if (module->machineCodeSize() > 0) {
      std::printf(" -> %zu bytes of machine code", module->machineCodeSize());
    } else if (module->notRunnableReason()) {
      std::printf(" (validated only: %s)", module->notRunnableReason()->message.c_str());
    }
    std::printf(", %.3f ms (best of %d), %.1f MB/s\n", best * 1e3, repeat, codeMb / best);
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
