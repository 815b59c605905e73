// Linker: resolves a module's imports by (module, name) and instantiates it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sable/extern.h"
#include "sable/instance.h"
#include "sable/module.h"
#include "sable/result.h"

namespace sable {

class Store;

// A namespace of definitions that imports are resolved against. Definitions are handles of one
// store; instantiating into another store fails with ErrorKind::Usage.
class Linker {
 public:
  // Defines (or redefines) `module`.`name`.
  void define(std::string_view module, std::string_view name, const Extern& value);
  // Defines every export of `instance` under `module` (the spec's `register`).
  void defineInstance(std::string_view module, const Instance& instance);
  // The definition of `module`.`name`, or nullopt.
  std::optional<Extern> get(std::string_view module, std::string_view name) const;

  // Resolves the imports of `module` (ErrorKind::Unlinkable "unknown import" / "incompatible
  // import type" naming the import), then instantiates it in `store`: globals, memories and
  // tables, active element and data segments in order, then the start function. A segment out
  // of bounds or a trapping start function fails with ErrorKind::Trap; as the spec requires,
  // writes made by earlier segments to imported tables and memories stay. Past the store's
  // StoreLimits it fails with ErrorKind::ResourceExhausted before creating anything.
  Result<Instance> instantiate(Store& store, const Module& module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> definitions_;
};

}  // namespace sable
