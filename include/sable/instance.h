// Instance: a handle to an instantiated module living in a Store.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sable/extern.h"
#include "sable/module.h"

namespace sable {

namespace detail {
struct InstanceObject;
}  // namespace detail

// An instantiated module. Create one with Linker::instantiate. A cheap, copyable, non-owning
// handle: valid as long as its store.
class Instance {
 public:
  // Every export, in the module's export order.
  std::vector<NamedExtern> exports() const;
  std::optional<Extern> getExport(std::string_view name) const;
  // The export `name` if it exists and is of that kind.
  std::optional<Func> getFunc(std::string_view name) const;
  std::optional<Memory> getMemory(std::string_view name) const;
  std::optional<Table> getTable(std::string_view name) const;
  std::optional<GlobalVar> getGlobal(std::string_view name) const;

  const Module& module() const;

  explicit Instance(detail::InstanceObject* object) : object_(object) {}
  detail::InstanceObject* object() const { return object_; }

 private:
  detail::InstanceObject* object_;
};

}  // namespace sable
