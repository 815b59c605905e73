// The runtime side of instantiation (design §3/§6): the values of a component instance's index
// spaces (RuntimeEnv), the state shared by everything one root instantiation creates
// (RootState), and the Impl types behind ComponentInstance and ComponentFunc.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "component/canon/call.h"
#include "component/canon/handle_table.h"
#include "component/canon/instance_state.h"
#include "component/canon/resource.h"
#include "component/canon/type_desc.h"
#include "component/format/component_def.h"
#include "component/type_text.h"
#include "sable/component_linker.h"
#include "sable/extern.h"
#include "sable/module.h"

namespace sable::cm {

struct RootState;
struct RuntimeEnv;

// A component function: lifted from core code, or a host function, with its type as canonical
// ABI descriptors (in the root's canon arena).
struct RtFunc {
  canon::FuncTypeDesc type;
  std::optional<canon::LiftedFunc> lifted;
  HostFunc host;  // when not lifted
  // A typed host definition's way to write its result into the guest without a Val.
  HostFuncDirect direct;
  std::string name;  // for messages
  // A host definition of the linker: with a call tracer set, each lowering of it is traced as
  // a call from the lowering instance's path (a nested instance names itself, not the root).
  bool fromHost = false;
};

// A type in a runtime index space: the decoded type plus, for resource types, the runtime
// identity this instantiation bound it to (0 otherwise).
struct RtType {
  format::TypeId id = format::kNoType;
  canon::ResourceTypeId resource = 0;
};

// A component value of the component index space: the definition and the environment it was
// defined in (its outer aliases resolve there).
struct RtComponent {
  const format::ComponentDef* def = nullptr;
  RuntimeEnv* env = nullptr;
};

struct RtInstance;

// One item a component instance exports (or an instantiation argument).
using RtItem =
    std::variant<std::shared_ptr<RtFunc>, RtType, std::shared_ptr<RtInstance>, RtComponent, Module>;

// A component instance value: its exports by name, in order.
struct RtInstance {
  std::vector<std::pair<std::string, RtItem>> exports;
  const RtItem* find(std::string_view name) const {
    for (const auto& [n, item] : exports) {
      if (n == name) return &item;
    }
    return nullptr;
  }
};

// A core instance value: a module instance's exports, or inline exports.
struct RtCoreInstance {
  std::vector<NamedExtern> exports;
  std::optional<Extern> find(std::string_view name) const {
    for (const auto& e : exports) {
      if (e.name == name) return e.value;
    }
    return std::nullopt;
  }
};

// The index spaces of one component instance while its definitions run, in binary order.
struct RuntimeEnv {
  RuntimeEnv* parent = nullptr;  // the enclosing component's env (outer aliases)
  canon::InstanceState* state = nullptr;
  uint32_t depth = 0;  // nesting of component instances below the root
  std::vector<Func> coreFuncs;
  std::vector<Table> coreTables;
  std::vector<Memory> coreMemories;
  std::vector<GlobalVar> coreGlobals;
  std::vector<Module> coreModules;
  std::vector<std::shared_ptr<RtCoreInstance>> coreInstances;
  size_t coreTypes = 0;  // core types need no runtime value
  std::vector<std::shared_ptr<RtFunc>> funcs;
  std::vector<RtType> types;
  std::vector<RtComponent> components;
  std::vector<std::shared_ptr<RtInstance>> instances;
  // Resource types this instantiation bound, by decoded type (own/borrow conversion).
  std::map<format::TypeId, canon::ResourceTypeId> resources;
  // Converted value types, by decoded type (per env: resources may differ).
  std::map<format::TypeId, canon::TypeId> converted;
  // What the component exports.
  std::shared_ptr<RtInstance> exports = std::make_shared<RtInstance>();

  // The resource bound to `id` here or in an enclosing env, or 0.
  canon::ResourceTypeId resourceOf(format::TypeId id) const {
    for (const RuntimeEnv* e = this; e; e = e->parent) {
      auto it = e->resources.find(id);
      if (it != e->resources.end()) return it->second;
    }
    return 0;
  }
};

// A resource type of another root instantiation (a provider linked by Linker::defineInstance)
// as an importer sees it: which root defines it and its identity there.
struct BridgedResource {
  std::shared_ptr<RootState> provider;
  canon::ResourceTypeId type = 0;
};

// The exported instance of `exports` named `name`: exactly, else by canonversion; or null.
const RtInstance* findExportedInstance(const RtInstance& exports, std::string_view name);

// What one root instantiation creates and every function of it shares: the decoded types, the
// canonical ABI descriptors, resource types, the host's handle table, and the instances' ABI
// state (stable addresses: functions point at them).
struct RootState {
  std::shared_ptr<const format::TypeArena> types;
  std::shared_ptr<const void> componentKeepAlive;  // the Component::Impl the defs live in
  TypeTextCache* typeTexts = nullptr;              // that component's (type_text.h)
  canon::TypeArena canonTypes;
  canon::ResourceRegistry resources;
  canon::HandleTable hostHandles;
  // The runtime type each of the linker's host resources is bound to, by HostResource::id
  // (0 when this component does not import it).
  std::map<uint32_t, canon::ResourceTypeId> hostResourceTypes;
  // The resource types of linked providers this instantiation imports, by its own type id.
  std::map<canon::ResourceTypeId, BridgedResource> bridgedResources;
  // The name the embedder gave the instantiation ("root" unless it named one), for messages.
  std::string name = "root";
  // Linker::setCallTracer's tracer when set: calls between this root's nested instances are
  // reported to it too (they then go through component values, not memory to memory).
  CallTracer tracer;
  std::deque<canon::InstanceState> instanceStates;
  std::deque<RuntimeEnv> envs;
  // The store of the call in progress (set by ComponentFunc::call and by every lowered
  // import's entry), for the callees that get no store of their own: destructors (guest-to-guest
  // calls take the caller's). Never a pointer kept from instantiation: stores are movable.
  Store* activeStore = nullptr;
};

// Sets root.activeStore for one call, restoring the previous value on exit.
class ActiveStoreScope {
 public:
  ActiveStoreScope(RootState& root, Store& store) : root_(root), saved_(root.activeStore) {
    root.activeStore = &store;
  }
  ~ActiveStoreScope() { root_.activeStore = saved_; }
  ActiveStoreScope(const ActiveStoreScope&) = delete;
  ActiveStoreScope& operator=(const ActiveStoreScope&) = delete;

 private:
  RootState& root_;
  Store* saved_;
};

// The store of the call in progress, or a Usage error outside of any call.
inline Result<Store*> activeStore(const RootState& root) {
  if (!root.activeStore) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "a component function ran outside of a call"};
  }
  return root.activeStore;
}

// A component instance: the root state and the root's exports.
struct ComponentInstance::Impl {
  std::shared_ptr<RootState> root;
  std::shared_ptr<RtInstance> exports;
};

// An exported function and the root state it lives in.
struct ComponentFunc::Impl {
  std::shared_ptr<RootState> root;
  std::shared_ptr<RtFunc> func;
  std::string name;  // as the caller named it ("handle-request"), for trap chains
};

}  // namespace sable::cm
