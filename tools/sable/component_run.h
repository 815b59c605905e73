// `sable run` for a component (the binary's preamble says which): calls the export that
// --invoke 'NAME(ARGS)' names, with WAVE arguments, and prints its results in WAVE.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sable/engine.h"
#include "sable/store_limits.h"

namespace sable::cli {

// What `sable run` was asked to do with a component.
struct ComponentRun {
  std::string path;                    // the component file, for messages
  EngineConfig engine;                 // from --bounds and friends
  StoreLimits limits;                  // from the --max-* options
  std::optional<std::string> call;     // --invoke's value: `name(arg, ...)` in WAVE
  std::vector<std::string> extraArgs;  // arguments after the file (a component takes none)
  std::string kv;                      // --kv: "" or "memory"
};

// Runs it; returns sable's exit status (0, 1 for a rejected component or failed call, 2 for
// a usage error, 134 for a trap).
int runComponent(const ComponentRun& run, std::span<const uint8_t> bytes);

}  // namespace sable::cli
