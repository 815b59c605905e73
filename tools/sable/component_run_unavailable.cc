// `sable run` for components in a build without cm::Linker (see CMakeLists.txt): one line.
#include "cli_util.h"
#include "command.h"
#include "component_run.h"

namespace sable::cli {

int runComponent(const ComponentRun& run, std::span<const uint8_t>) {
  reportError(run.path, "this build cannot run components yet (no cm::Linker)");
  return kExitFailure;
}

}  // namespace sable::cli
