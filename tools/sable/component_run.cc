// `sable run` for components (component_run.h).
#include "component_run.h"

#include <iostream>
#include <memory>

#include "cli_util.h"
#include "command.h"
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

// Instantiates and calls; the exit status.
int invoke(const ComponentRun& run, const cm::Component& component, const cm::WaveInvocation& call,
           const std::vector<cm::Val>& args) {
  Engine engine = component.engine();
  cm::Linker linker(engine);
  Result<std::unique_ptr<wasip2::Context>> wasi = wasip2::Context::create(run.wasi);
  if (!wasi) return reportFailure(run.path, wasi.error());
  (*wasi)->setSocketPolicy(run.sockets);
  if (Result<void> defined = defineWasiWhenImported(linker, component, **wasi); !defined)
    return reportFailure(run.path, defined.error());
  if (!run.kv.uri.empty()) {
    std::variant<std::shared_ptr<kv::Backend>, KvOpenFailure> store = openKvStore(run.kv.uri);
    if (auto* failure = std::get_if<KvOpenFailure>(&store))
      return reportKvFailure(runCommand(), *failure);
    if (Result<void> defined = defineKv(linker, std::get<0>(store), run.kv); !defined)
      return reportFailure(run.path, defined.error());
  }
  Store store(engine);
  store.setLimits(run.limits);
  Result<cm::ComponentInstance> instance = linker.instantiate(store, component);
  if (!instance) return reportFailure(run.path, instance.error());
  Result<cm::ComponentFunc> func = instance->getFunc(call.name);
  if (!func) return reportFailure(run.path, func.error());
  Result<std::vector<cm::Val>> results = func->call(store, args);
  if (!results) return reportFailure(run.path, results.error());
  for (const cm::Val& v : *results) std::cout << cm::toWave(v) << '\n';
  return kExitOk;
}

// Runs a WASI 0.2 command: its status, or a trap's.
int runWasiCommand(const ComponentRun& run, const cm::Component& component) {
  Engine engine = component.engine();
  cm::Linker linker(engine);
  Result<std::unique_ptr<wasip2::Context>> wasi = wasip2::Context::create(run.wasi);
  if (!wasi) return reportFailure(run.path, wasi.error());
  (*wasi)->setSocketPolicy(run.sockets);
  if (Result<void> defined = wasip2::addToLinker(linker, **wasi); !defined)
    return reportFailure(run.path, defined.error());
  Store store(engine);
  store.setLimits(run.limits);
  Result<cm::ComponentInstance> instance = linker.instantiate(store, component);
  if (!instance) return reportFailure(run.path, instance.error());
  Result<uint32_t> status = wasip2::runCommand(store, *instance, **wasi);
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
    Engine engine(run.engine);
    Result<cm::Component> component = cm::Component::compile(engine, bytes);
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
  Engine engine(run.engine);
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
