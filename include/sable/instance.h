// Instance: a handle to an instantiated module living in a Store.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sable/extern.h"
#include "sable/module.h"

namespace sable {

// An instantiated module. Create one with Linker::instantiate. A cheap, copyable, non-owning
// handle: valid as long as its store.
class Instance {
 public:
  // Instantiates `module` in `store` with `imports` given by position: one per module import,
  // in the module's import order (what the WebAssembly C API and the JS API do). Unlike
  // Linker::instantiate, no names are looked up, so a module may import two different things
  // under the same module and field name. Fails with ErrorKind::Usage for a wrong number of
  // imports or a module of another engine, ErrorKind::Unlinkable naming the import for a wrong
  // kind or type, and ErrorKind::Trap as Linker::instantiate does (store.lastTrap() has the
  // details); ErrorKind::ResourceExhausted when the system runs out of memory.
  static Result<Instance> create(Store& store, const Module& module,
                                 std::span<const Extern> imports);

  // Every export, in the module's export order.
  std::vector<NamedExtern> exports() const;
  // The export `name`, or nullopt.
  std::optional<Extern> getExport(std::string_view name) const;
  // The export `name` if it exists and is of that kind.
  std::optional<Func> getFunc(std::string_view name) const;
  std::optional<Memory> getMemory(std::string_view name) const;
  std::optional<Table> getTable(std::string_view name) const;
  std::optional<GlobalVar> getGlobal(std::string_view name) const;

  // The module the instance was made from.
  const Module& module() const;

  // True when both handles are the same instance.
  friend bool operator==(const Instance& a, const Instance& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit Instance(Object* object) : object_(object) {}

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::Instance> {
  size_t operator()(const sable::Instance& handle) const { return handle.hash(); }
};
