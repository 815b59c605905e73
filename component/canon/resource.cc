// Resource types and the resource.new / resource.rep / resource.drop built-ins.
#include "component/canon/resource.h"

#include "component/canon/trap.h"

namespace sable::canon {

ResourceTypeId ResourceRegistry::add(ResourceType type) {
  types_.push_back(std::move(type));
  return static_cast<ResourceTypeId>(types_.size());
}

const ResourceType* ResourceRegistry::find(ResourceTypeId id) const {
  if (id == 0 || id > types_.size()) return nullptr;
  return &types_[id - 1];
}

std::string wrongHandleTypeMessage(const ResourceRegistry& registry, uint32_t index,
                                   ResourceTypeId expected, ResourceTypeId found) {
  auto origin = [&](ResourceTypeId id) {
    const ResourceType* t = registry.find(id);
    return std::string(t && !t->impl ? "host" : "guest") + "-defined resource";
  };
  return "handle index " + std::to_string(index) + " used with the wrong type, expected " +
         origin(expected) + " but found a different " + origin(found);
}

Result<uint32_t> resourceNew(InstanceState& inst, ResourceTypeId type, uint32_t rep) {
  if (!inst.mayLeave) return trap("cannot leave component instance");
  return inst.handles.add(HandleElem{type, rep, true, nullptr, 0});
}

Result<uint32_t> resourceRep(InstanceState& inst, const ResourceRegistry& registry,
                             ResourceTypeId type, uint32_t index) {
  Result<HandleElem*> h = inst.handles.get(index);
  if (!h) return h.error();
  if ((*h)->type != type) {
    return trap(wrongHandleTypeMessage(registry, index, type, (*h)->type));
  }
  return (*h)->rep;
}

namespace {

// Runs the destructor of `type` for `rep` as a synchronous call from `caller` into the
// implementing instance (with the reentrance check of any cross-component call).
Result<void> runDestructor(InstanceState& caller, const ResourceType& type, uint32_t rep) {
  if (!type.dtor) return {};
  InstanceState* callee = type.impl;
  bool crossing = callee && callee != &caller && !callee->isSelfOrAncestorOf(&caller);
  if (crossing) {
    if (callee->trapped) return trap("cannot enter component instance");
    if (!callee->mayEnter) return trap("cannot enter component instance (reentrance)");
    callee->mayEnter = false;
  }
  Result<void> done = type.dtor(rep);
  if (crossing) callee->mayEnter = true;
  if (!done && callee && done.error().kind == ErrorKind::Trap) callee->trapped = true;
  return done;
}

}  // namespace

Result<void> resourceDrop(InstanceState& inst, const ResourceRegistry& registry,
                          ResourceTypeId type, uint32_t index) {
  if (!inst.mayLeave) return trap("cannot leave component instance");
  Result<HandleElem*> found = inst.handles.get(index);
  if (!found) return found.error();
  HandleElem h = **found;
  if (h.type != type) return trap(wrongHandleTypeMessage(registry, index, type, h.type));
  if (h.lendCount != 0) return trap("cannot remove owned resource while borrowed");
  (void)inst.handles.remove(index);
  if (!h.own) {
    if (h.scope) --h.scope->borrowCount;
    return {};
  }
  const ResourceType* rt = registry.find(type);
  if (!rt) return trap("unknown resource type");
  return runDestructor(inst, *rt, h.rep);
}

}  // namespace sable::canon
