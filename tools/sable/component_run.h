// `sable run` for a component (the binary's preamble says which): calls the export that
// --invoke 'NAME(ARGS)' names, with WAVE arguments, and prints its results in WAVE; without
// --invoke, runs a WASI 0.2 command (its wasi:cli/run export) with the WASI grants.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kv_options.h"
#include "plug_options.h"
#include "sable/engine.h"
#include "sable/store_limits.h"
#include "sable/wasi.h"
#include "sable/wasip2.h"

namespace sable::cli {

// What `sable run` was asked to do with a component.
struct ComponentRun {
  std::string path;                    // the component file, for messages
  EngineConfig engine;                 // from --bounds and friends
  StoreLimits limits;                  // from the --max-* options
  std::optional<std::string> call;     // --invoke's value: `name(arg, ...)` in WAVE
  std::vector<std::string> extraArgs;  // arguments after the file (a component takes none)
  KvRequest kv;                        // --kv URI, --kv-bucket
  WasiConfig wasi;                     // --dir, --env, argv for a WASI 0.2 command
  wasip2::SocketPolicy sockets;        // --allow-tcp and friends: what wasi:sockets reaches
  std::vector<PlugSpec> plugs;         // --plug, with their --grant
  bool traceCalls = false;             // --trace-calls
};

// Runs it; returns sable's exit status (0, 1 for a rejected component or failed call, 2 for
// a usage error, 134 for a trap; a command's own status: 0 ok, 1 err, N exit-with-code).
int runComponent(const ComponentRun& run, std::span<const uint8_t> bytes);

}  // namespace sable::cli
