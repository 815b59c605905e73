// HostContext: host functions making and reading handles of host resources in the host's
// handle table (where lifted handles arrive and from which returned owns are lowered).
#include "component/host_context.h"

#include <string>

#include "component/canon/trap.h"

namespace sable::cm {
namespace {

Error usage(std::string message) {
  return Error{ErrorKind::Usage, Error::kNoOffset, std::move(message)};
}

// The runtime type `resource` is bound to in this instantiation, or a Usage error.
Result<canon::ResourceTypeId> boundType(const RootState& root, HostResource resource) {
  auto it = root.hostResourceTypes.find(resource.id);
  if (it == root.hostResourceTypes.end()) {
    return usage("host resource " + std::to_string(resource.id) +
                 " is not imported by this component");
  }
  return it->second;
}

// The host's handle `handle` (an own or borrow value) checked to be of `resource`.
Result<canon::HandleElem*> hostHandle(RootState& root, HostResource resource, const Val& handle) {
  if (handle.kind() != ValKind::Own && handle.kind() != ValKind::Borrow) {
    return usage(std::string("expected a resource handle, got ") + valKindName(handle.kind()));
  }
  Result<canon::ResourceTypeId> type = boundType(root, resource);
  if (!type) return type.error();
  Result<canon::HandleElem*> h = root.hostHandles.get(handle.asResource().index);
  if (!h) return h.error();
  if ((*h)->type != *type) {
    return canon::trap(canon::wrongHandleTypeMessage(root.resources, handle.asResource().index,
                                                     *type, (*h)->type));
  }
  return h;
}

}  // namespace

Result<Val> HostContext::newOwn(HostResource resource, uint32_t rep) {
  Result<canon::ResourceTypeId> type = boundType(*impl_->root, resource);
  if (!type) return type.error();
  Result<uint32_t> index = impl_->root->hostHandles.add(canon::HandleElem{*type, rep, true});
  if (!index) return index.error();
  return Val::own(ResourceHandle{*type, *index});
}

Result<uint32_t> HostContext::rep(HostResource resource, const Val& handle) const {
  Result<canon::HandleElem*> h = hostHandle(*impl_->root, resource, handle);
  if (!h) return h.error();
  return (*h)->rep;
}

Result<uint32_t> HostContext::take(HostResource resource, const Val& handle) {
  Result<canon::HandleElem*> h = hostHandle(*impl_->root, resource, handle);
  if (!h) return h.error();
  if (!(*h)->own) return canon::trap("a borrowed handle cannot be taken by the host");
  if ((*h)->lendCount != 0) return canon::trap("cannot remove owned resource while borrowed");
  uint32_t rep = (*h)->rep;
  (void)impl_->root->hostHandles.remove(handle.asResource().index);
  return rep;
}

}  // namespace sable::cm
