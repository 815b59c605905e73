// Resource types (CanonicalABI.md "Resource State"): identities, not structures. A registry
// hands out ResourceTypeIds and remembers each type's implementing instance and destructor.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "component/canon/instance_state.h"
#include "component/canon/type_desc.h"
#include "sable/result.h"

namespace sable::canon {

// A resource destructor, called with the rep when an owning handle is dropped: a core wasm
// function (the instantiation wraps Func::call) or a host function.
using ResourceDtor = std::function<Result<void>(uint32_t rep)>;

// One resource type.
struct ResourceType {
  // The component instance that defined it, or null for a host-defined resource.
  InstanceState* impl = nullptr;
  // Optional destructor.
  ResourceDtor dtor;
  // For messages ("counter", "wasi:io/streams.input-stream").
  std::string name;
};

// The resource types of a store. Ids start at 1 (0 is never a valid type).
class ResourceRegistry {
 public:
  // Registers a new, distinct resource type.
  ResourceTypeId add(ResourceType type);
  // The type `id`, or null when it is not one of this registry's.
  const ResourceType* find(ResourceTypeId id) const;

 private:
  std::vector<ResourceType> types_;
};

// canon resource.new: a new owning handle to `rep` in `inst`'s table.
Result<uint32_t> resourceNew(InstanceState& inst, ResourceTypeId type, uint32_t rep);
// canon resource.rep: the rep of handle `index` in `inst`'s table, which must be of `type`.
Result<uint32_t> resourceRep(InstanceState& inst, const ResourceRegistry& registry,
                             ResourceTypeId type, uint32_t index);
// canon resource.drop: removes handle `index`; an owning handle's destructor runs (entering
// the implementing instance like a call); a borrow ends its lend.
Result<void> resourceDrop(InstanceState& inst, const ResourceRegistry& registry,
                          ResourceTypeId type, uint32_t index);

// The trap message for a handle of type `found` used where `expected` was wanted.
std::string wrongHandleTypeMessage(const ResourceRegistry& registry, uint32_t index,
                                   ResourceTypeId expected, ResourceTypeId found);

}  // namespace sable::canon
