#include "sable/instance.h"

#include "runtime/instantiate.h"
#include "runtime/resource_errors.h"
#include "runtime/store_objects.h"

namespace sable {

Result<Instance> Instance::create(Store& store, const Module& module,
                                  std::span<const Extern> imports) {
  return detail::errorOnExhaustion(
      [&]() -> Result<Instance> { return detail::instantiate(store, module, imports); });
}

std::vector<NamedExtern> Instance::exports() const { return object_->exports; }

std::optional<Extern> Instance::getExport(std::string_view name) const {
  auto it = object_->exportIndex.find(name);
  if (it == object_->exportIndex.end()) return std::nullopt;
  return object_->exports[it->second].value;
}

std::optional<Func> Instance::getFunc(std::string_view name) const {
  std::optional<Extern> e = getExport(name);
  return e ? e->func() : std::nullopt;
}

std::optional<Memory> Instance::getMemory(std::string_view name) const {
  std::optional<Extern> e = getExport(name);
  return e ? e->memory() : std::nullopt;
}

std::optional<Table> Instance::getTable(std::string_view name) const {
  std::optional<Extern> e = getExport(name);
  return e ? e->table() : std::nullopt;
}

std::optional<GlobalVar> Instance::getGlobal(std::string_view name) const {
  std::optional<Extern> e = getExport(name);
  return e ? e->global() : std::nullopt;
}

const Module& Instance::module() const { return object_->module; }

}  // namespace sable
