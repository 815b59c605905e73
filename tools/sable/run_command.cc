// `sable run`: instantiate a module and call one of its exports with arguments from the
// command line, printing the results.
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "byte_size.h"
#include "cli_util.h"
#include "command.h"
#include "epoch_timer.h"
#include "module_reader.h"
#include "process_status.h"
#include "sable/sable.h"
#include "store_limit_options.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: sable run [options] MODULE.wasm [ARGS...]\n"
    "\n"
    "Runs a WASI command: instantiates MODULE with WASI preview 1 (wasi_snapshot_preview1)\n"
    "available to it and calls its `_start` export. ARGS become the program's arguments, after\n"
    "MODULE itself (argv[0]). The program reaches only what the options grant: stdio, the\n"
    "--dir directories and the --env variables (nothing of the environment is inherited unless\n"
    "asked for). Its exit status (proc_exit) is sable's. Writing to a closed pipe fails with\n"
    "EPIPE (sable ignores SIGPIPE), so the program ends with its own status.\n"
    "\n"
    "With --invoke NAME, calls export NAME instead, with ARGS parsed by its parameter types,\n"
    "and prints each result on its own line. Arguments: i32/i64 as decimal (or 0x hexadecimal;\n"
    "negative values allowed), f32/f64 as decimal or nan, inf, -inf; funcref/externref only as\n"
    "null. Results: integers as signed decimal, floats as the shortest decimal that reads back\n"
    "to the same value, or nan, inf, -inf.\n"
    "\n"
    "options (as in `wasmtime run`):\n"
    "  --dir HOST[::GUEST]  preopen host directory HOST for the program, under the name GUEST\n"
    "                       (default: HOST as written); repeatable. Paths the program opens are\n"
    "                       resolved inside it: `..`, absolute paths and symlinks cannot leave\n"
    "  --env NAME=VALUE     set an environment variable for the program; --env NAME passes the\n"
    "                       host's value of NAME (if set); repeatable\n"
    "  --invoke NAME        the export to call (default: _start)\n"
    "  --bounds MODE        guard (default: guard pages, bounds checks for a memory that\n"
    "                       cannot have them), guard-only (fail instead) or explicit\n"
    "                       (bounds-checked accesses)\n"
    "  --timeout SECONDS    interrupt the program after SECONDS of wall-clock time (decimal,\n"
    "                       e.g. 0.5): it traps with \"interrupted\" at its next function entry\n"
    "                       or loop iteration (epoch interruption, compiled in unless\n"
    "                       --no-epoch-checks)\n"
    "  --no-epoch-checks    compile without the epoch checks at function entries and loop\n"
    "                       headers (no --timeout then); bench/run.py measures their cost\n"
    "                       with it\n"
    "  --fuel N             give the program N units of fuel, one per wasm operator executed\n"
    "                       (deterministic); it traps with \"fuel exhausted\" when they run out\n"
    "  --max-wasm-stack BYTES\n"
    "                       native stack the program's wasm frames may use (suffixes K, M, G;\n"
    "                       default 1M); deeper recursion or larger frames trap with `call\n"
    "                       stack exhausted`. Never more than the thread's stack allows\n"
    "  --max-memory-size BYTES\n"
    "                       bytes the program's linear memory may have (suffixes K, M, G;\n"
    "                       default 4G, the most a 32-bit memory can have): a larger initial\n"
    "                       memory fails to instantiate (exit 1, naming this option) and\n"
    "                       memory.grow past it returns -1 to the program\n"
    "  --max-table-elements N\n"
    "                       elements each of the program's tables may have (default 1000000);\n"
    "                       a larger initial table fails to instantiate, table.grow past it\n"
    "                       returns -1\n"
    "\n"
    "exit status (as `wasmtime run` on Unix): the program's proc_exit status when it is 0 to\n"
    "125 (0 when _start returns, or after --invoke); 1 when it calls proc_exit with 126 or\n"
    "more (with a line naming the status: exit() keeps only 8 bits, and 126 and up mean other\n"
    "things to a shell), when the module cannot be read, compiled or linked (one line naming\n"
    "the file, the byte offset or the missing import), needs more than a --max-* option allows\n"
    "(one line naming the option) or a --dir cannot be opened; 2 for a bad\n"
    "command line; 134 only when the program traps, --timeout and --fuel included (the trap and\n"
    "its wasm backtrace go to standard error). Names the module chose are escaped in every "
    "message.\n";

bool parseInteger(std::string_view text, bool wide, uint64_t& bits) {
  bool negative = !text.empty() && text[0] == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  int base = 10;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    digits.remove_prefix(2);
    base = 16;
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return false;
  uint64_t limit = wide ? std::numeric_limits<uint64_t>::max() : 0xffffffffull;
  if (negative) {
    uint64_t minMagnitude = wide ? (uint64_t{1} << 63) : (uint64_t{1} << 31);
    if (magnitude > minMagnitude) return false;
    bits = (~magnitude + 1) & limit;
  } else {
    if (magnitude > limit) return false;
    bits = magnitude;
  }
  return true;
}

// A decimal number of seconds, > 0 and at most ~30 years (beyond which it would not fit the
// timer's nanoseconds anyway).
std::optional<std::chrono::nanoseconds> parseTimeout(std::string_view text) {
  std::string s(text);
  char* end = nullptr;
  double seconds = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(seconds > 0) || seconds > 1e9) {
    return std::nullopt;
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(std::ceil(seconds * 1e9)));
}

std::optional<uint64_t> parseWholeNumber(std::string_view text) {
  uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

bool parseFloat(std::string_view text, bool wide, Value& out) {
  std::string s(text);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);  // accepts nan, inf, -inf and hex floats
  if (s.empty() || end != s.c_str() + s.size()) return false;
  if (wide) {
    out = Value::f64(d);
  } else {
    float f = std::strtof(s.c_str(), &end);  // rounds once, from the text
    out = Value::f32(f);
  }
  return true;
}

std::optional<Value> parseArgument(std::string_view text, ValType type) {
  uint64_t bits = 0;
  Value v = Value::zero(type);
  switch (type) {
    case ValType::I32:
      if (!parseInteger(text, false, bits)) return std::nullopt;
      return Value::i32(static_cast<int32_t>(static_cast<uint32_t>(bits)));
    case ValType::I64:
      if (!parseInteger(text, true, bits)) return std::nullopt;
      return Value::i64(static_cast<int64_t>(bits));
    case ValType::F32:
    case ValType::F64:
      if (!parseFloat(text, type == ValType::F64, v)) return std::nullopt;
      return v;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (text == "null") return Value::nullRef(type);
      return std::nullopt;
    case ValType::V128:
      return std::nullopt;
  }
  return std::nullopt;
}

template <typename F>
std::string formatFloat(F value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);  // shortest round trip
  return std::string(buf, ec == std::errc() ? end : buf);
}

std::string formatResult(const Value& v) {
  switch (v.type()) {
    case ValType::I32:
      return std::to_string(v.asI32());
    case ValType::I64:
      return std::to_string(v.asI64());
    case ValType::F32:
      return formatFloat(v.asF32());
    case ValType::F64:
      return formatFloat(v.asF64());
    case ValType::V128: {
      V128 bytes = v.asV128();
      std::string s = "v128";
      char hex[4];
      for (uint8_t b : bytes) {
        std::snprintf(hex, sizeof hex, " %02x", b);
        s += hex;
      }
      return s;
    }
    case ValType::FuncRef:
      return v.asFuncref() ? "funcref" : "null";
    case ValType::ExternRef:
      return v.asExternref() ? "externref" : "null";
  }
  return "?";
}

int run(Args args) {
  const Command& self = runCommand();
  std::string invoke;
  bool haveInvoke = false;
  MemoryBoundsMode bounds = MemoryBoundsMode::GuardPages;
  bool guardPagesOnly = false;
  std::optional<uint64_t> maxWasmStack;
  WasiConfig wasiConfig;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint64_t> fuel;
  bool epochChecks = true;
  StoreLimitOptions limits;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kHelp;
      return kExitOk;
    }
    if (a == "--no-epoch-checks") {
      epochChecks = false;
      continue;
    }
    if (a == "--invoke" || a == "--bounds" || a == "--dir" || a == "--env" || a == "--timeout" ||
        a == "--fuel" || a == "--max-wasm-stack" || a == "--max-memory-size" ||
        a == "--max-table-elements") {
      if (i + 1 >= args.size()) return usageError(self, std::string(a) + " needs a value");
      std::string_view value = args[++i];
      if (a == "--dir") {
        size_t sep = value.find("::");
        std::string host(value.substr(0, sep));
        std::string guest(sep == std::string_view::npos ? value : value.substr(sep + 2));
        if (host.empty() || guest.empty()) return usageError(self, "--dir takes HOST[::GUEST]");
        wasiConfig.preopens.push_back(WasiPreopen{host, guest});
      } else if (a == "--env") {
        size_t eq = value.find('=');
        if (eq == 0 || value.empty()) return usageError(self, "--env takes NAME=VALUE or NAME");
        if (eq != std::string_view::npos) {
          wasiConfig.env.emplace_back(value);
        } else if (const char* host = std::getenv(std::string(value).c_str())) {
          wasiConfig.env.push_back(std::string(value) + "=" + host);
        }
      } else if (a == "--timeout") {
        timeout = parseTimeout(value);
        if (!timeout) return usageError(self, "--timeout takes a number of seconds > 0");
      } else if (a == "--fuel") {
        fuel = parseWholeNumber(value);
        if (!fuel) return usageError(self, "--fuel takes a whole number");
      } else if (a == "--max-wasm-stack") {
        std::optional<uint64_t> bytes = parseByteSize(value);
        if (!bytes || *bytes == 0)
          return usageError(self, "--max-wasm-stack takes BYTES (e.g. 512K)");
        maxWasmStack = *bytes;
      } else if (a == "--max-memory-size") {
        std::optional<uint64_t> bytes = parseByteSize(value);
        if (!bytes) return usageError(self, "--max-memory-size takes BYTES (e.g. 64M)");
        limits.maxMemoryBytes = *bytes;
      } else if (a == "--max-table-elements") {
        std::optional<uint64_t> elements = parseWholeNumber(value);
        if (!elements) return usageError(self, "--max-table-elements takes a whole number");
        limits.maxTableElements = *elements;
      } else if (a == "--invoke") {
        invoke = value;
        haveInvoke = true;
      } else if (value == "guard" || value == "guard-only") {
        bounds = MemoryBoundsMode::GuardPages;
        guardPagesOnly = value == "guard-only";
      } else if (value == "explicit") {
        bounds = MemoryBoundsMode::Explicit;
        guardPagesOnly = false;
      } else {
        return usageError(self, "--bounds takes guard, guard-only or explicit");
      }
      continue;
    }
    if (a == "--") {
      ++i;
      break;
    }
    if (a.starts_with("-") && a.size() > 1) {
      return usageError(self, "unknown option '" + std::string(a) + "'");
    }
    break;
  }
  if (i >= args.size()) return usageError(self, "no module file");
  if (timeout && !epochChecks) return usageError(self, "--timeout needs epoch checks");
  const std::string path(args[i++]);
  Args callArgs = args.subspan(i);

  ignoreBrokenPipeSignal();
  std::optional<std::vector<uint8_t>> bytes = readModuleOrReport(path);
  if (!bytes) return kExitFailure;
  EngineConfig config;
  config.memoryBoundsMode = bounds;
  config.guardPagesOnly = guardPagesOnly;
  // On by default: a check is a load and a compare per function entry and loop header, and
  // --timeout then needs no second compilation mode.
  config.epochInterruption = epochChecks;
  config.consumeFuel = fuel.has_value();
  if (maxWasmStack) config.maxWasmStackBytes = *maxWasmStack;
  Engine engine(config);
  Result<Module> module = Module::compile(engine, *bytes);
  if (!module) {
    reportError(path, module.error().toString());
    return kExitFailure;
  }
  Store store(engine);
  store.setLimits(limits.storeLimits());
  if (fuel) (void)store.setFuel(*fuel);  // cannot fail: the engine consumes fuel
  // The timer starts before instantiation, so a start function that never ends is caught too.
  std::optional<EpochTimer> timer;
  if (timeout) {
    store.setEpochDeadline(1);
    timer.emplace(engine, *timeout);
  }
  Linker linker;
  wasiConfig.args.push_back(path);
  for (std::string_view arg : callArgs) wasiConfig.args.emplace_back(arg);
  Result<std::unique_ptr<WasiContext>> wasi = WasiContext::create(wasiConfig);
  if (!wasi) {
    reportError(path, wasi.error().message);
    return kExitFailure;
  }
  if (Result<void> defined = defineWasi(linker, store, **wasi); !defined) {
    reportError(path, defined.error().toString());
    return kExitFailure;
  }
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) {
    if ((*wasi)->exitCode()) return programExitStatus(path, *(*wasi)->exitCode());
    const Error& error = instance.error();
    reportError(path, error.kind == ErrorKind::ResourceExhausted
                          ? nameLimitOptions(error.toString())
                          : error.toString());
    return error.kind == ErrorKind::Trap ? kExitTrap : kExitFailure;
  }
  // WASI host functions read and write the guest's memory: the command's exported "memory".
  if (std::optional<Memory> memory = instance->getMemory("memory")) (*wasi)->bindMemory(*memory);
  const std::string name = haveInvoke ? invoke : "_start";
  std::optional<Func> func = instance->getFunc(name);
  if (!func) {
    reportError(path, "no exported function '" + printableName(name) + "'");
    return kExitFailure;
  }
  const FuncType& type = func->type();
  if (!haveInvoke) callArgs = {};  // a command's arguments went to WASI, not to _start
  if (callArgs.size() != type.params().size()) {
    // Appends rather than "'" + std::string: GCC 12 warns falsely on that at -O3 (bug 105651).
    std::string message = "'";
    message += printableName(name);
    message += "' takes " + std::to_string(type.params().size()) + " argument(s) " +
               type.toString() + ", got " + std::to_string(callArgs.size());
    return usageError(self, message);
  }
  std::vector<Value> values;
  values.reserve(callArgs.size());
  for (size_t k = 0; k < callArgs.size(); ++k) {
    std::optional<Value> v = parseArgument(callArgs[k], type.params()[k]);
    if (!v) {
      return usageError(self, "argument " + std::to_string(k + 1) + " ('" +
                                  std::string(callArgs[k]) + "') is not a valid " +
                                  valTypeName(type.params()[k]));
    }
    values.push_back(*v);
  }
  Result<std::vector<Value>> results = func->call(store, values);
  if (!results && (*wasi)->exitCode()) return programExitStatus(path, *(*wasi)->exitCode());
  if (!results) {
    if (results.error().kind == ErrorKind::Trap) {
      std::cerr << "sable: " << path << ": trap: " << results.error().message << '\n';
      return kExitTrap;
    }
    reportError(path, results.error().toString());
    return kExitFailure;
  }
  for (const Value& v : *results) std::cout << formatResult(v) << '\n';
  return kExitOk;
}

}  // namespace

const Command& runCommand() {
  static const Command command{
      "run",
      "run a WASI command (or call an export with --invoke NAME ARGS...)",
      kHelp,
      run,
  };
  return command;
}

}  // namespace sable::cli
