// `sable run --plug`: instantiating the plugs of a run and linking them into the main
// component. The main component's instance imports come from the first plug that exports
// them, a plug's from the plugs after it, the rest from the host; so the links point forward
// only and cannot form a cycle. Each plug gets its own WASI context with what --grant gave it
// (clocks, random and the interfaces that reach nothing without a grant: io, exit, an empty
// environment, no preopens) and fails to link, in one line, when it imports a stdio stream or
// a key-value store it was not granted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kv_options.h"
#include "plug_options.h"
#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/store.h"
#include "sable/wasip2.h"

namespace sable::cli {

// What the host can give plugs that were granted it.
struct PlugHost {
  KvRequest kv;                            // --kv and --kv-bucket
  std::shared_ptr<kv::Backend> kvBackend;  // the --kv store, shared with the main component
                                           // (null when --kv was not given)
  cm::CallTracer tracer;                   // --trace-calls, or null
};

// The main component and its plugs, instantiated; the plugs must outlive every call into it.
struct PluggedStack {
  std::optional<cm::ComponentInstance> main;
  std::vector<std::optional<cm::ComponentInstance>> plugs;  // in --plug order
  std::vector<std::unique_ptr<wasip2::Context>> contexts;   // one per plug
};

// Why plugging failed: the file it is about (a plug or the main component) and the error.
struct PlugFailure {
  std::string path;
  Error error;
};

// The name a component file's instance gets in messages: its file name without `.wasm`.
std::string instanceName(const std::string& path);

// Reads, compiles and instantiates `plugs` in `store` (the last first), then `main` with
// `mainLinker` (which has the host's definitions for it) and the plugs that feed its imports,
// as the instance named after `mainPath`. A plug feeding no import
// of the main component or of the plugs before it is an error (a misspelt or misordered
// --plug would otherwise run without its middleware).
std::variant<PluggedStack, PlugFailure> instantiateWithPlugs(
    Store& store, const cm::Component& main, const std::string& mainPath,
    const std::vector<PlugSpec>& plugs, const PlugHost& host, cm::Linker& mainLinker);

}  // namespace sable::cli
