// Instantiation (design §3/§6): interprets a ComponentDef's definitions in binary order,
// building a RuntimeEnv, recursing into nested component instances, creating core instances
// from the compiled modules, and turning canon definitions into functions.
#pragma once

#include <functional>
#include <string>

#include "component/runtime_env.h"
#include "sable/store.h"

namespace sable::cm {

// Bounds on nested instantiation, so a hostile binary cannot recurse or multiply without end.
inline constexpr uint32_t kMaxInstantiationDepth = 100;
inline constexpr size_t kMaxInstancesPerRoot = 10000;

// Supplies one import of the component being instantiated: its name and declared type, seen
// from the component's env (for converting function types). Unlinkable when it cannot.
using ImportResolver =
    std::function<Result<RtItem>(const format::ImportDef& import, RuntimeEnv& env)>;

// Instantiates `def` (defined in `parent`, null for a root) in `store`. The new env lives in
// root.envs; its exports are env->exports.
Result<RuntimeEnv*> instantiateComponent(Store& store, RootState& root,
                                         const format::ComponentDef& def, RuntimeEnv* parent,
                                         const ImportResolver& resolveImport, std::string path);

}  // namespace sable::cm
