// `sable run` for components (component_run.h).
#include "component_run.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <variant>

#include "call_trace_printer.h"
#include "cli_util.h"
#include "command.h"
#include "component_plugging.h"
#include "process_status.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/component_wave.h"
#include "sable/printable.h"
#include "sable/store.h"
#include "sable/wasip2.h"

namespace sable::cli {
namespace {

// The type text of the exported function `name` ("f", "iface#f"), or "" when there is none.
std::string exportedFuncType(const cm::Component& component, const std::string& name) {
  size_t hash = name.find('#');
  for (const cm::ItemType& item : component.exports()) {
    if (hash == std::string::npos) {
      if (item.name == name && item.kind == cm::ItemKind::Func) return item.type;
      continue;
    }
    if (item.kind != cm::ItemKind::Instance || item.name != name.substr(0, hash)) continue;
    for (const cm::ItemType& member : item.members) {
      if (member.name == name.substr(hash + 1) && member.kind == cm::ItemKind::Func)
        return member.type;
    }
  }
  return {};
}

// The call's arguments parsed by the function's parameter types, or the error's message.
Result<std::vector<cm::Val>> callArguments(const cm::WaveInvocation& call,
                                           const std::string& funcType) {
  Result<std::vector<cm::ValShape>> shapes = cm::parseFuncParamShapes(funcType);
  if (!shapes) return shapes.error();
  if (shapes->size() != call.args.size()) {
    return Error{ErrorKind::Usage, Error::kNoOffset,
                 "'" + printableName(call.name) + "' takes " + std::to_string(shapes->size()) +
                     " argument(s) (" + funcType + "), got " + std::to_string(call.args.size())};
  }
  std::vector<cm::Val> args;
  for (size_t i = 0; i < shapes->size(); ++i) {
    Result<cm::Val> v = cm::parseWave(call.args[i], (*shapes)[i]);
    if (!v) {
      return Error{ErrorKind::Usage, Error::kNoOffset,
                   "argument " + std::to_string(i + 1) + ": " + v.error().message};
    }
    args.push_back(std::move(*v));
  }
  return args;
}

// Defines WASI 0.2 in `linker` when the component imports any wasi: interface.
Result<void> defineWasiWhenImported(cm::Linker& linker, const cm::Component& component,
                                    wasip2::Context& wasi) {
  for (const cm::ItemType& import : component.imports()) {
    if (import.name.starts_with("wasi:")) return wasip2::addToLinker(linker, wasi);
  }
  return {};
}

int reportFailure(const std::string& path, const Error& error) {
  if (error.kind == ErrorKind::Trap) {
    std::cerr << "sable: " << path << ": trap: " << error.message << '\n';
    return kExitTrap;
  }
  reportError(path, error.toString());
  return kExitFailure;
}

// What the plugs and the trace of `run` need from the host.
PlugHost plugHost(const ComponentRun& run, std::shared_ptr<kv::Backend> kvBackend) {
  return PlugHost{run.kv, std::move(kvBackend), run.traceCalls ? stderrCallTracer() : nullptr};
}

// Opens the --kv store (null when --kv was not given) and defines its interfaces for the main
// component; sable's exit status when it cannot.
std::variant<std::shared_ptr<kv::Backend>, int> defineMainKv(const ComponentRun& run,
                                                             cm::Linker& linker) {
  if (run.kv.uri.empty()) return std::shared_ptr<kv::Backend>{};
  std::variant<std::shared_ptr<kv::Backend>, KvOpenFailure> store = openKvStore(run.kv.uri);
  if (auto* failure = std::get_if<KvOpenFailure>(&store))
    return reportKvFailure(runCommand(), *failure);
  if (Result<void> defined = defineKv(linker, std::get<0>(store), run.kv); !defined)
    return reportFailure(run.path, defined.error());
  return std::get<0>(store);
}

// The linker of the main component, tracing its calls when asked to.
cm::Linker mainLinker(const ComponentRun& run, const Engine& engine) {
  cm::Linker linker(engine);
  if (run.traceCalls) linker.setCallTracer(stderrCallTracer());
  return linker;
}

// Calls `func`, tracing the call from the host when asked to.
Result<std::vector<cm::Val>> callMain(const ComponentRun& run, Store& store,
                                      const cm::ComponentInstance& instance,
                                      const cm::ComponentFunc& func, const std::string& name,
                                      const std::vector<cm::Val>& args) {
  auto start = std::chrono::steady_clock::now();
  Result<std::vector<cm::Val>> results = func.call(store, args);
  if (run.traceCalls) {
    cm::TracedCall call{
        "host", instance.name(), name, args, {}, nullptr, std::chrono::steady_clock::now() - start};
    if (results) call.results = *results;
    if (!results) call.error = &results.error();
    std::cerr << formatTracedCall(call) << '\n';
  }
  return results;
}

// Instantiates and calls; the exit status.
int invoke(const ComponentRun& run, const cm::Component& component, const cm::WaveInvocation& call,
           const std::vector<cm::Val>& args) {
  Engine engine = component.engine();
  cm::Linker linker = mainLinker(run, engine);
  Result<std::unique_ptr<wasip2::Context>> wasi = wasip2::Context::create(run.wasi);
  if (!wasi) return reportFailure(run.path, wasi.error());
  (*wasi)->setSocketPolicy(run.sockets);
  if (Result<void> defined = defineWasiWhenImported(linker, component, **wasi); !defined)
    return reportFailure(run.path, defined.error());
  std::variant<std::shared_ptr<kv::Backend>, int> kvStore = defineMainKv(run, linker);
  if (int* status = std::get_if<int>(&kvStore)) return *status;
  Store store(engine);
  store.setLimits(run.limits);
  std::variant<PluggedStack, PlugFailure> stack = instantiateWithPlugs(
      store, component, run.path, run.plugs, plugHost(run, std::get<0>(kvStore)), linker);
  if (auto* failed = std::get_if<PlugFailure>(&stack))
    return reportFailure(failed->path, failed->error);
  const cm::ComponentInstance& instance = *std::get<PluggedStack>(stack).main;
  Result<cm::ComponentFunc> func = instance.getFunc(call.name);
  if (!func) return reportFailure(run.path, func.error());
  Result<std::vector<cm::Val>> results = callMain(run, store, instance, *func, call.name, args);
  if (!results) return reportFailure(run.path, results.error());
  for (const cm::Val& v : *results) std::cout << cm::toWave(v) << '\n';
  return kExitOk;
}

// Runs a WASI 0.2 command: its status, or a trap's.
int runWasiCommand(const ComponentRun& run, const cm::Component& component) {
  Engine engine = component.engine();
  cm::Linker linker = mainLinker(run, engine);
  Result<std::unique_ptr<wasip2::Context>> wasi = wasip2::Context::create(run.wasi);
  if (!wasi) return reportFailure(run.path, wasi.error());
  (*wasi)->setSocketPolicy(run.sockets);
  if (Result<void> defined = wasip2::addToLinker(linker, **wasi); !defined)
    return reportFailure(run.path, defined.error());
  std::variant<std::shared_ptr<kv::Backend>, int> kvStore = defineMainKv(run, linker);
  if (int* status = std::get_if<int>(&kvStore)) return *status;
  Store store(engine);
  store.setLimits(run.limits);
  std::variant<PluggedStack, PlugFailure> stack = instantiateWithPlugs(
      store, component, run.path, run.plugs, plugHost(run, std::get<0>(kvStore)), linker);
  if (auto* failed = std::get_if<PlugFailure>(&stack))
    return reportFailure(failed->path, failed->error);
  Result<uint32_t> status = wasip2::runCommand(store, *std::get<PluggedStack>(stack).main, **wasi);
  if (!status) return reportFailure(run.path, status.error());
  return programExitStatus(run.path, *status);
}

// Whether the component exports wasi:cli/run (any version).
bool isWasiCommand(const cm::Component& component) {
  for (const cm::ItemType& item : component.exports()) {
    if (item.kind == cm::ItemKind::Instance && item.name.starts_with("wasi:cli/run@0.2")) {
      return true;
    }
  }
  return false;
}

}  // namespace

int runComponent(const ComponentRun& run, std::span<const uint8_t> bytes) {
  if (!run.call) {
    Result<Engine> engine = Engine::create(run.engine);
    if (!engine) return reportFailure(run.path, engine.error());
    Result<cm::Component> component = cm::Component::compile(*engine, bytes);
    if (!component) return reportFailure(run.path, component.error());
    if (isWasiCommand(*component)) return runWasiCommand(run, *component);
    return usageError(runCommand(),
                      "a component that does not export wasi:cli/run is run with --invoke "
                      "'NAME(ARGS)'");
  }
  if (!run.extraArgs.empty()) {
    return usageError(runCommand(),
                      "a component's arguments go inside --invoke 'NAME(ARG, ...)', in WAVE");
  }
  Result<cm::WaveInvocation> call = cm::parseWaveInvocation(*run.call);
  if (!call) return usageError(runCommand(), "--invoke: " + call.error().message);
  Result<Engine> created = Engine::create(run.engine);
  if (!created) return reportFailure(run.path, created.error());
  Engine engine = *created;
  Result<cm::Component> component = cm::Component::compile(engine, bytes);
  if (!component) return reportFailure(run.path, component.error());
  std::string funcType = exportedFuncType(*component, call->name);
  if (funcType.empty()) {
    reportError(run.path, "no exported function '" + printableName(call->name) + "'");
    return kExitFailure;
  }
  Result<std::vector<cm::Val>> args = callArguments(*call, funcType);
  if (!args) return usageError(runCommand(), args.error().message);
  return invoke(run, *component, *call, *args);
}

}  // namespace sable::cli
