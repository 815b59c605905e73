// `sable run`: instantiate a module and call one of its exports with arguments from the
// command line, printing the results.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "byte_size.h"
#include "cli_util.h"
#include "command.h"
#include "command_line.h"
#include "component_run.h"
#include "epoch_timer.h"
#include "module_source.h"
#include "plug_options.h"
#include "process_status.h"
#include "sable/component.h"
#include "sable/sable.h"
#include "socket_options.h"
#include "store_limit_options.h"
#include "wasi_options.h"
#include "whole_number.h"

namespace sable::cli {
namespace {

constexpr std::string_view kHelp =
    "usage: sable run [options] [--] MODULE [ARGS...]\n"
    "       sable [options] [--] MODULE [ARGS...]   (the same: `run` may be left out)\n"
    "\n"
    "Runs a WASI command: instantiates MODULE with WASI preview 1 (wasi_snapshot_preview1)\n"
    "available to it and calls its `_start` export. MODULE is a binary module (.wasm) or a\n"
    "text module (.wat; a build without wabt, SABLE_WAT=OFF, refuses it with one line): which\n"
    "one is told by its first bytes, not its name. ARGS become the program's arguments, after "
    "argv[0]\n"
    "(MODULE as written, or --argv0). Options come before MODULE: everything after it goes to\n"
    "the program as it is, `-` or not; `--` ends the options (for a MODULE starting with `-`).\n"
    "Options take their value as `--opt value` or `--opt=value`.\n"
    "\n"
    "The program reaches only what the options grant: stdio, the\n"
    "--dir directories and the --env variables (nothing of the environment is inherited unless\n"
    "asked for). Its exit status (proc_exit) is sable's. Writing to a closed pipe fails with\n"
    "EPIPE (sable ignores SIGPIPE), so the program ends with its own status.\n"
    "\n"
    "With --invoke NAME, calls export NAME instead, with ARGS parsed by its parameter types,\n"
    "and prints each result on its own line. Arguments: i32/i64 as decimal (or 0x hexadecimal;\n"
    "negative values allowed), f32/f64 as decimal or nan, inf, -inf; funcref/externref only as\n"
    "null; v128 as one argument of a lane shape and its lanes, lane 0 first ('i32x4 1 2 3 4',\n"
    "'f64x2 0.5 nan'; i8x16 i16x8 i32x4 i64x2 f32x4 f64x2) or as results print. Results:\n"
    "integers as signed decimal, floats as the shortest decimal that reads back to the same\n"
    "value, or nan, inf, -inf; v128 as `v128` and its 16 bytes in memory order, in hexadecimal.\n"
    "\n"
    "A component (told by its preamble) is run with --invoke 'NAME(ARG, ...)': the call in\n"
    "WAVE, as `wasmtime run --invoke` takes it, NAME a root export or IFACE#NAME; arguments\n"
    "are parsed by the function's parameter types, and each result is printed in WAVE on its\n"
    "own line. --kv URI gives it wasi:keyvalue@0.2.0-draft2 (store, atomics, batch) and\n"
    "example:kv/kv-store over the store URI names (see `sable help kv`): it may open the\n"
    "--kv-bucket buckets (default: `default`), and example:kv/kv-store uses the first.\n"
    "\n"
    "--plug P.wasm links another component in: each import of the main component comes from\n"
    "the first plug exporting it, a plug's imports from the plugs after it, the rest from the\n"
    "host (`--plug logger.wasm --plug store.wasm app.wasm` runs app <- logger <- store). A plug\n"
    "gets clocks, random and WASI that reaches nothing (no variables, no directories) unless\n"
    "--grant PLUG=CAPABILITY gives it more; importing a stdio stream or a key-value store it\n"
    "was not granted fails to link, naming the flag that would grant it.\n"
    "\n"
    "options (as in `wasmtime run`):\n"
    "  --dir HOST[::GUEST]  preopen host directory HOST for the program, under the name GUEST\n"
    "                       (default: HOST as written); repeatable. Paths the program opens are\n"
    "                       resolved inside it: `..`, absolute paths and symlinks cannot leave\n"
    "  --env NAME=VALUE     set an environment variable for the program; --env NAME passes the\n"
    "                       host's value of NAME (if set); repeatable\n"
    "  --argv0 NAME         the program's argv[0] (default: MODULE as written)\n"
    "  --cwd PATH           a component's initial directory (a guest path, as\n"
    "                       wasi:cli/environment's initial-cwd gives it; default: none)\n"
    "  --invoke NAME        the export to call (default: _start); for a component,\n"
    "                       'NAME(ARGS)' in WAVE\n"
    "  --kv URI             a component's key-value store: memory, sqlite:PATH,\n"
    "                       redis://HOST:PORT[/DB] or redis+unix://PATH\n"
    "  --kv-bucket NAME     a bucket the component may open (repeatable; default: default)\n"
    "  --allow-tcp HOST:PORT\n"
    "                       a component may connect to HOST:PORT over TCP (HOST a name,\n"
    "                       resolved now, or an IP, IPv6 in brackets; port 0: any port);\n"
    "                       repeatable. wasi:sockets is off unless granted: anything else\n"
    "                       returns access-denied without reaching the network\n"
    "  --listen-tcp ADDR:PORT\n"
    "                       a component may bind a TCP socket to ADDR:PORT and listen\n"
    "                       (port 0: any port, ephemeral included); repeatable\n"
    "  --allow-udp HOST:PORT\n"
    "                       a component may bind a UDP socket to, connect to and send to\n"
    "                       HOST:PORT (port 0: any port); repeatable\n"
    "  --allow-ip-name-lookup\n"
    "                       a component may resolve names (wasi:sockets/ip-name-lookup)\n"
    "  --inherit-network    all of the above for every address (as wasmtime's\n"
    "                       -S inherit-network)\n"
    "  --plug P.wasm        a component providing imports of the main component or of the\n"
    "                       plugs before it; repeatable, in order; a plug that feeds nothing\n"
    "                       is an error\n"
    "  --grant PLUG=CAP     give a plug (its --plug path or file name) one capability: stdin,\n"
    "                       stdout, stderr (one stdio grant links all three; the others are\n"
    "                       empty or discard), kv (the --kv store), env:NAME (the host's\n"
    "                       NAME), dir:HOST[::GUEST]; repeatable\n"
    "  --trace-calls        a component run prints, on stderr, one line per call from the host\n"
    "                       into it, between its instances or to the host: `[app -> logger]\n"
    "                       example:kv/kv-store#get(\"k\") -> none (12 us)`, values in WAVE\n"
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
    "  --perf-map           list every compiled function in /tmp/perf-PID.map, so `perf record`\n"
    "                       and `perf report` name wasm functions (components' too)\n"
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

// A v128 argument: a lane shape and its lanes, space-separated, lane 0 first ("i32x4 1 2 3 4",
// "f32x4 1.5 nan -inf 0", integer lanes signed or not), or `v128` and 16 bytes in hexadecimal,
// as results are printed.
std::optional<Value> parseV128(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) words.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  if (words.empty()) return std::nullopt;
  struct Shape {
    std::string_view name;
    uint32_t lanes;
    bool isFloat;
  };
  static constexpr Shape kShapes[] = {
      {"i8x16", 16, false}, {"i16x8", 8, false}, {"i32x4", 4, false}, {"i64x2", 2, false},
      {"f32x4", 4, true},   {"f64x2", 2, true},  {"v128", 16, false}};
  const Shape* shape = nullptr;
  for (const Shape& s : kShapes) {
    if (s.name == words[0]) shape = &s;
  }
  if (shape == nullptr || words.size() != shape->lanes + 1) return std::nullopt;
  const uint32_t width = 16 / shape->lanes;
  V128 bytes{};
  for (uint32_t i = 0; i < shape->lanes; ++i) {
    const std::string_view lane = words[i + 1];
    uint64_t bits = 0;
    if (shape->name == "v128") {
      auto [end, ec] = std::from_chars(lane.data(), lane.data() + lane.size(), bits, 16);
      if (ec != std::errc() || end != lane.data() + lane.size() || bits > 0xff) return std::nullopt;
    } else if (shape->isFloat) {
      Value v = Value::zero(ValType::F32);
      if (!parseFloat(lane, width == 8, v)) return std::nullopt;
      if (width == 8) {
        const double d = v.asF64();
        std::memcpy(&bits, &d, 8);
      } else {
        const float f = v.asF32();
        std::memcpy(&bits, &f, 4);
      }
    } else {
      // Each lane in its own width, signed or unsigned.
      const uint64_t limit = width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1;
      const bool negative = lane.starts_with('-');
      if (!parseInteger(lane, true, bits)) return std::nullopt;
      const uint64_t magnitude = negative ? ~bits + 1 : bits;
      if (width < 8 && magnitude > (negative ? (limit >> 1) + 1 : limit)) return std::nullopt;
      bits &= limit;
    }
    std::memcpy(bytes.data() + i * width, &bits, width);  // little-endian lanes
  }
  return Value::v128(bytes);
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
      return parseV128(text);
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

// The options of `sable run`, as given and then checked.
struct RunOptions {
  std::string invoke;  // --invoke NAME (given or not: CommandLine::given)
  std::string bounds;
  std::string timeout;
  std::string fuel;
  std::string maxWasmStack;
  KvRequest kv;          // --kv URI and --kv-bucket: a component's key-value interfaces
  PlugOptions plugging;  // --plug, --grant
  bool traceCalls = false;
  bool noEpochChecks = false;
  bool perfMap = false;
  WasiOptions wasi;
  SocketOptions sockets;
  StoreLimitOptions limits;
  std::string module;
  std::vector<std::string> args;  // after the module: the program's (or --invoke's) arguments

  void addTo(CommandLine& line) {
    line.addValue("--invoke", invoke);
    line.addValue("--bounds", bounds);
    line.addValue("--timeout", timeout);
    line.addValue("--fuel", fuel);
    line.addValue("--max-wasm-stack", maxWasmStack);
    kv.addTo(line);
    plugging.addTo(line);
    line.addFlag("--trace-calls", traceCalls);
    line.addFlag("--no-epoch-checks", noEpochChecks);
    line.addFlag("--perf-map", perfMap);
    wasi.addTo(line);
    sockets.addTo(line);
    limits.addTo(line);
    line.addPositional("MODULE", module);
    line.addPositionalList("ARGS", args);
  }
};

// Everything a run needs, checked: what the options and arguments came to.
struct RunPlan {
  std::string path;  // the module file
  EngineConfig engine;
  StoreLimits limits;
  WasiConfig wasi;
  std::optional<std::chrono::nanoseconds> timeout;
  std::optional<uint64_t> fuel;
  std::optional<std::string> invoke;  // --invoke NAME; _start otherwise
  std::vector<std::string> invokeArgs;
  std::vector<std::string> programArgs;         // ARGS as given (a component must have none)
  KvRequest kv;                                 // --kv, --kv-bucket
  std::optional<wasip2::SocketPolicy> sockets;  // --allow-tcp and friends, when given
  std::vector<PlugSpec> plugs;                  // --plug with their --grant
  bool traceCalls = false;                      // --trace-calls
};

// Reads the engine's options (--bounds, --max-wasm-stack, --no-epoch-checks, --perf-map, --fuel)
// into `config`; the usage error's message when one makes no sense.
std::optional<std::string> readEngineOptions(const RunOptions& options, EngineConfig& config) {
  if (options.bounds == "guard-only") {
    config.guardPagesOnly = true;
  } else if (options.bounds == "explicit") {
    config.memoryBoundsMode = MemoryBoundsMode::Explicit;
  } else if (!options.bounds.empty() && options.bounds != "guard") {
    return "--bounds takes guard, guard-only or explicit";
  }
  if (!options.maxWasmStack.empty()) {
    std::optional<uint64_t> bytes = parseByteSize(options.maxWasmStack);
    if (!bytes || *bytes == 0) return "--max-wasm-stack takes BYTES (e.g. 512K)";
    config.maxWasmStackBytes = *bytes;
  }
  // On by default: a check is a load and a compare per function entry and loop header, and
  // --timeout then needs no second compilation mode.
  config.epochInterruption = !options.noEpochChecks;
  config.perfMap = options.perfMap;
  config.consumeFuel = !options.fuel.empty();
  return std::nullopt;
}

// Reads --timeout and --fuel into `plan`; the usage error's message when one makes no sense.
std::optional<std::string> readInterruptionOptions(const RunOptions& options, RunPlan& plan) {
  if (!options.timeout.empty()) {
    plan.timeout = parseTimeout(options.timeout);
    if (!plan.timeout) return "--timeout takes a number of seconds > 0";
    if (options.noEpochChecks) return "--timeout needs epoch checks";
  }
  if (!options.fuel.empty()) {
    plan.fuel = parseWholeNumber(options.fuel);
    if (!plan.fuel) return "--fuel takes a whole number";
  }
  return std::nullopt;
}

// The run the options ask for, or the usage error's message.
std::variant<RunPlan, std::string> makePlan(RunOptions& options, bool invoke) {
  if (options.module.empty()) return std::string("no module file");
  RunPlan plan;
  plan.path = options.module;
  if (std::optional<std::string> message = readInterruptionOptions(options, plan)) return *message;
  if (std::optional<std::string> message = options.limits.readGiven()) return *message;
  plan.limits = options.limits.storeLimits();
  if (std::optional<std::string> message = readEngineOptions(options, plan.engine)) {
    return *message;
  }
  std::variant<WasiConfig, std::string> wasi = options.wasi.config(options.module, options.args);
  if (auto* message = std::get_if<std::string>(&wasi)) return *message;
  plan.wasi = std::move(std::get<WasiConfig>(wasi));
  plan.programArgs = options.args;
  plan.kv = options.kv;
  if (std::optional<std::string> message = plan.kv.check()) return *message;
  if (options.sockets.any()) {
    std::variant<wasip2::SocketPolicy, std::string> policy = options.sockets.policy();
    if (auto* message = std::get_if<std::string>(&policy)) return *message;
    plan.sockets = std::move(std::get<wasip2::SocketPolicy>(policy));
  }
  std::variant<std::vector<PlugSpec>, std::string> plugs = options.plugging.specs();
  if (auto* message = std::get_if<std::string>(&plugs)) return *message;
  plan.plugs = std::move(std::get<std::vector<PlugSpec>>(plugs));
  plan.traceCalls = options.traceCalls;
  if (invoke) {
    plan.invoke = options.invoke;
    plan.invokeArgs = options.args;
  }
  return plan;
}

// The values of `args` for a function of `type`, or the usage error's message.
std::variant<std::vector<Value>, std::string> callArguments(const std::string& name,
                                                            const FuncType& type,
                                                            const std::vector<std::string>& args) {
  if (args.size() != type.params().size()) {
    // Appends rather than "'" + std::string: GCC 12 warns falsely on that at -O3 (bug 105651).
    std::string message = "'";
    message += printableName(name);
    message += "' takes " + std::to_string(type.params().size()) + " argument(s) " +
               type.toString() + ", got " + std::to_string(args.size());
    return message;
  }
  std::vector<Value> values;
  values.reserve(args.size());
  for (size_t k = 0; k < args.size(); ++k) {
    std::optional<Value> v = parseArgument(args[k], type.params()[k]);
    if (!v) {
      return "argument " + std::to_string(k + 1) + " ('" + escapeText(args[k]) +
             "') is not a valid " + valTypeName(type.params()[k]);
    }
    values.push_back(*v);
  }
  return values;
}

// Sable's exit status for a program whose instantiation or call failed with `error`.
int failureStatus(const std::string& path, const WasiContext& wasi, const Error& error) {
  if (wasi.exitCode()) return programExitStatus(path, *wasi.exitCode());
  if (error.kind == ErrorKind::Trap) {
    std::cerr << "sable: " << path << ": trap: " << error.message << '\n';
    return kExitTrap;
  }
  reportError(path, error.kind == ErrorKind::ResourceExhausted ? nameLimitOptions(error.toString())
                                                               : error.toString());
  return kExitFailure;
}

// Calls the export `plan` names (with its arguments) or _start, and prints the results.
int callExport(const RunPlan& plan, Store& store, Instance& instance, const WasiContext& wasi) {
  const std::string name = plan.invoke.value_or("_start");
  std::optional<Func> func = instance.getFunc(name);
  if (!func) {
    reportError(plan.path, "no exported function '" + printableName(name) + "'");
    return kExitFailure;
  }
  std::variant<std::vector<Value>, std::string> values =
      callArguments(name, func->type(), plan.invokeArgs);
  if (auto* message = std::get_if<std::string>(&values)) {
    return usageError(runCommand(), *message);
  }
  Result<std::vector<Value>> results = func->call(store, std::get<std::vector<Value>>(values));
  if (!results) return failureStatus(plan.path, wasi, results.error());
  for (const Value& v : *results) std::cout << formatResult(v) << '\n';
  return kExitOk;
}

// A component (told by its preamble): --invoke 'NAME(ARGS)' in WAVE (component_run.h).
int executeComponent(const RunPlan& plan, std::span<const uint8_t> bytes) {
  if (plan.timeout || plan.fuel)
    return usageError(runCommand(), "--timeout and --fuel are not supported for components yet");
  ComponentRun run{
      plan.path,        plan.engine,    plan.limits, plan.invoke,
      plan.programArgs, plan.kv,        plan.wasi,   plan.sockets.value_or(wasip2::SocketPolicy{}),
      plan.plugs,       plan.traceCalls};
  return runComponent(run, bytes);
}

// Loads, instantiates and calls the module as `plan` says; returns sable's exit status.
int execute(const RunPlan& plan) {
  std::optional<std::vector<uint8_t>> bytes = loadModuleOrReport(plan.path);
  if (!bytes) return kExitFailure;
  if (cm::isComponentBinary(*bytes)) return executeComponent(plan, *bytes);
  if (!plan.kv.uri.empty()) return usageError(runCommand(), "--kv is for components");
  if (plan.sockets) {
    return usageError(runCommand(),
                      "--allow-tcp, --listen-tcp, --allow-udp, "
                      "--allow-ip-name-lookup and --inherit-network are for components");
  }
  if (!plan.plugs.empty()) return usageError(runCommand(), "--plug is for components");
  if (plan.traceCalls) return usageError(runCommand(), "--trace-calls is for components");
  if (plan.wasi.initialCwd) {
    return usageError(runCommand(),
                      "--cwd is for components (WASI preview 1 has no initial directory)");
  }
  Result<Engine> created = Engine::create(plan.engine);
  if (!created) {
    reportError(plan.path, created.error().toString());
    return kExitFailure;
  }
  Engine engine = *created;
  Result<Module> module = Module::compile(engine, *bytes);
  if (!module) {
    reportError(plan.path, module.error().toString());
    return kExitFailure;
  }
  Store store(engine);
  store.setLimits(plan.limits);
  if (plan.fuel) (void)store.setFuel(*plan.fuel);  // cannot fail: the engine consumes fuel
  // The timer starts before instantiation, so a start function that never ends is caught too.
  std::optional<EpochTimer> timer;
  if (plan.timeout) {
    store.setEpochDeadline(1);
    timer.emplace(engine, *plan.timeout);
  }
  Result<std::unique_ptr<WasiContext>> wasi = WasiContext::create(plan.wasi);
  if (!wasi) {
    reportError(plan.path, wasi.error().message);
    return kExitFailure;
  }
  Linker linker;
  if (Result<void> defined = defineWasi(linker, store, **wasi); !defined) {
    reportError(plan.path, defined.error().toString());
    return kExitFailure;
  }
  Result<Instance> instance = linker.instantiate(store, *module);
  if (!instance) return failureStatus(plan.path, **wasi, instance.error());
  // WASI host functions read and write the guest's memory: the command's exported "memory".
  if (std::optional<Memory> memory = instance->getMemory("memory")) (*wasi)->bindMemory(*memory);
  return callExport(plan, store, *instance, **wasi);
}

int run(Args args) {
  RunOptions options;
  CommandLine line(runCommand(), OptionPlacement::BeforePositionals);
  options.addTo(line);
  if (std::optional<int> status = line.parse(args)) return *status;
  std::variant<RunPlan, std::string> plan = makePlan(options, line.given("--invoke"));
  if (auto* message = std::get_if<std::string>(&plan)) return usageError(runCommand(), *message);
  ignoreBrokenPipeSignal();
  return execute(std::get<RunPlan>(plan));
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
