// Linking one root instantiation's exports into another's imports (cm::Linker::defineInstance):
// the importer sees the provider's exported instance as an imported instance whose functions
// call the provider through the canonical ABI (lifted out of the provider, lowered into the
// importer) and whose resource types stand for the provider's.
#pragma once

#include <memory>
#include <string>

#include "component/runtime_env.h"

namespace sable::cm {

// One instance import an embedder satisfied with another component instance's export.
struct ProvidedInstance {
  std::string import;  // the importer's instance name (matched by canonversion)
  std::shared_ptr<ComponentInstance::Impl> provider;
  std::string providerExport;  // the provider's exported instance, or "" for its root exports
};

// The imported instance `imp` of the component instantiated in `importer`, made of `def`'s
// provider's exports after checking them against the import's type. Unlinkable names the
// importer, the import, the provider and what differs. Calls are reported to `tracer` when set.
Result<RtItem> bridgeInstance(RootState& importer, RuntimeEnv& env, const ProvidedInstance& def,
                              const format::ImportDef& imp, const CallTracer& tracer);

}  // namespace sable::cm
