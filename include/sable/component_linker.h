// cm::Linker, cm::ComponentInstance and cm::ComponentFunc: instantiating components with the
// imports the host gives them, and calling their exports with dynamic values (cm::Val).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sable/component.h"
#include "sable/component_val.h"
#include "sable/engine.h"
#include "sable/result.h"
#include "sable/store.h"

namespace sable::cm {

// A host function: args lifted from the guest, results to be lowered (pre-sized to the
// function's result count). An Error traps the calling guest.
using HostFunc = std::function<Result<void>(std::span<const Val> args, std::span<Val> results)>;

class ComponentInstance;

// A function exported by a component instance.
class ComponentFunc {
 public:
  // Calls an exported function with host values (checked against its parameter types: Usage
  // errors for a mismatch). Trap errors carry the spec's message ("unaligned pointer", ...).
  Result<std::vector<Val>> call(Store& store, std::span<const Val> args) const;

  // The implementation (defined in component/runtime_func.h).
  struct Impl;

 private:
  friend struct ComponentAccess;
  explicit ComponentFunc(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// An instantiated component. A cheap handle sharing the instance's state, which lives as long
// as any handle (and the store it was created in must outlive every call).
class ComponentInstance {
 public:
  // "f" (root export), "iface#f" or "ns:pkg/iface#f" (function of an exported instance); an
  // interface name matches any version compatible by canonversion. Usage error naming `name`
  // when there is no such function.
  Result<ComponentFunc> getFunc(std::string_view name) const;

  // The implementation (defined in component/runtime_env.h).
  struct Impl;

 private:
  friend struct ComponentAccess;
  explicit ComponentInstance(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

// The imports one instantiation gets.
class Linker {
 public:
  // An empty linker for components of `engine`.
  explicit Linker(const Engine& engine);
  ~Linker();
  Linker(const Linker&);
  Linker& operator=(const Linker&);
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // Defines function `func` of imported instance `instance` ("example:kv/kv-store", any
  // version matched by canonversion), or a root-level function import when instance is "".
  // Usage error when it is already defined.
  Result<void> defineFunc(std::string_view instance, std::string_view func, HostFunc fn);

  // Instantiates `component` in `store`. Unlinkable errors name the missing import in one line.
  Result<ComponentInstance> instantiate(Store& store, const Component& component) const;

  // The definitions (defined in component/linker_impl.h).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sable::cm
