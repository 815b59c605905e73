#include "sable/linker.h"

#include <vector>

#include "runtime/api_access.h"
#include "runtime/instantiate.h"
#include "runtime/module_impl.h"
#include "runtime/resource_errors.h"
#include "sable/printable.h"

namespace sable {

void Linker::define(std::string_view module, std::string_view name, const Extern& value) {
  auto key = std::make_pair(std::string(module), std::string(name));
  auto it = definitions_.find(key);
  if (it != definitions_.end()) {
    it->second = value;
  } else {
    definitions_.emplace(std::move(key), value);
  }
}

void Linker::defineInstance(std::string_view module, const Instance& instance) {
  for (const NamedExtern& e : instance.exports()) define(module, e.name, e.value);
}

std::optional<Extern> Linker::get(std::string_view module, std::string_view name) const {
  auto it = definitions_.find(std::make_pair(std::string(module), std::string(name)));
  if (it == definitions_.end()) return std::nullopt;
  return it->second;
}

Result<Instance> Linker::instantiate(Store& store, const Module& module) const {
  return detail::errorOnExhaustion([&]() -> Result<Instance> {
    const ModuleInfo& info = *ApiAccess::impl(module).info;
    std::vector<Extern> imports;
    imports.reserve(info.imports.size());
    for (const Import& import : info.imports) {
      std::optional<Extern> value = get(import.module, import.name);
      if (!value) {
        return Error{
            ErrorKind::Unlinkable, Error::kNoOffset,
            "unknown import: " + quotedName(import.module) + "." + quotedName(import.name)};
      }
      imports.push_back(*value);
    }
    return detail::instantiate(store, module, imports);
  });
}

}  // namespace sable
