// own/borrow lifting and lowering between an instance's table and the host's.
#include "component/canon/handle_transfer.h"

#include <string>

#include "component/canon/trap.h"

namespace sable::canon {
namespace {

Result<HandleElem*> typedHandle(const LiftLowerContext& cx, HandleTable& table, ResourceTypeId type,
                                uint32_t index) {
  Result<HandleElem*> h = table.get(index);
  if (!h) return h.error();
  if ((*h)->type != type) {
    return trap(wrongHandleTypeMessage(cx.resources, index, type, (*h)->type));
  }
  return h;
}

// Removes an owning handle from `table` with lift_own's checks; returns its rep.
Result<uint32_t> takeOwned(const LiftLowerContext& cx, HandleTable& table, ResourceTypeId type,
                           uint32_t index) {
  Result<HandleElem*> h = typedHandle(cx, table, type, index);
  if (!h) return h.error();
  if ((*h)->lendCount != 0) return trap("cannot remove owned resource while borrowed");
  if (!(*h)->own) {
    return trap("handle index " + std::to_string(index) + " is a borrow, not an owned handle");
  }
  uint32_t rep = (*h)->rep;
  (void)table.remove(index);
  return rep;
}

Result<void> checkHandleVal(const cm::Val& v, cm::ValKind kind) {
  if (v.kind() == kind) return {};
  return usage(std::string("expected a value of kind ") + cm::valKindName(kind) + ", got " +
               cm::valKindName(v.kind()));
}

}  // namespace

Result<cm::Val> liftOwn(LiftLowerContext& cx, ResourceTypeId type, uint32_t index) {
  Result<uint32_t> rep = takeOwned(cx, cx.inst.handles, type, index);
  if (!rep) return rep.error();
  Result<uint32_t> hostIndex = cx.hostHandles.add(HandleElem{type, *rep, true, nullptr, 0});
  if (!hostIndex) return hostIndex.error();
  return cm::Val::own(cm::ResourceHandle{type, *hostIndex});
}

Result<cm::Val> liftBorrow(LiftLowerContext& cx, ResourceTypeId type, uint32_t index) {
  if (!cx.scope) return trap("a borrow can only be lifted for a call");
  Result<HandleElem*> h = typedHandle(cx, cx.inst.handles, type, index);
  if (!h) return h.error();
  ++(*h)->lendCount;
  cx.scope->lenders.emplace_back(&cx.inst.handles, index);
  Result<uint32_t> hostIndex = cx.hostHandles.add(HandleElem{type, (*h)->rep, false, nullptr, 0});
  if (!hostIndex) return hostIndex.error();
  cx.scope->hostBorrows.push_back(*hostIndex);
  return cm::Val::borrow(cm::ResourceHandle{type, *hostIndex});
}

Result<uint32_t> lowerOwn(LiftLowerContext& cx, ResourceTypeId type, const cm::Val& v) {
  SABLE_CANON_CHECK(checkHandleVal(v, cm::ValKind::Own));
  Result<uint32_t> rep = takeOwned(cx, cx.hostHandles, type, v.asResource().index);
  if (!rep) return rep.error();
  Result<uint32_t> index = cx.inst.handles.add(HandleElem{type, *rep, true, nullptr, 0});
  if (index && cx.scope) cx.scope->lowered.push_back({*index, v.asResource().index});
  return index;
}

Result<uint32_t> lowerBorrow(LiftLowerContext& cx, ResourceTypeId type, const cm::Val& v) {
  if (v.kind() != cm::ValKind::Own) SABLE_CANON_CHECK(checkHandleVal(v, cm::ValKind::Borrow));
  if (!cx.scope) return trap("a borrow can only be lowered for a call");
  uint32_t hostIndex = v.asResource().index;
  Result<HandleElem*> h = typedHandle(cx, cx.hostHandles, type, hostIndex);
  if (!h) return h.error();
  uint32_t rep = (*h)->rep;
  if (v.kind() == cm::ValKind::Own) {
    // The host lends one of its own handles for the call.
    ++(*h)->lendCount;
    cx.scope->lenders.emplace_back(&cx.hostHandles, hostIndex);
  }
  const ResourceType* rt = cx.resources.find(type);
  if (rt && rt->impl == &cx.inst) return rep;
  ++cx.scope->calleeBorrows.borrowCount;
  Result<uint32_t> index =
      cx.inst.handles.add(HandleElem{type, rep, false, &cx.scope->calleeBorrows, 0});
  if (index) cx.scope->lowered.push_back({*index, std::nullopt});
  return index;
}

void rollBackLowering(LiftLowerContext& cx) {
  if (!cx.scope) return;
  auto& lowered = cx.scope->lowered;
  for (auto it = lowered.rbegin(); it != lowered.rend(); ++it) {
    Result<HandleElem> elem = cx.inst.handles.remove(it->instanceIndex);
    if (!elem) continue;
    if (it->hostIndex) {
      (void)cx.hostHandles.restore(*it->hostIndex, *elem);
    } else if (elem->scope && elem->scope->borrowCount > 0) {
      --elem->scope->borrowCount;
    }
  }
  lowered.clear();
  (void)endCallScope(cx.hostHandles, *cx.scope);
}

Result<void> endCallScope(HandleTable& hostHandles, CallScope& scope) {
  for (auto [table, index] : scope.lenders) {
    if (Result<HandleElem*> h = table->get(index); h && (*h)->lendCount > 0) --(*h)->lendCount;
  }
  scope.lenders.clear();
  for (uint32_t index : scope.hostBorrows) (void)hostHandles.remove(index);
  scope.hostBorrows.clear();
  if (scope.calleeBorrows.borrowCount != 0) {
    return trap("borrow handles still remain at the end of the call");
  }
  return {};
}

}  // namespace sable::canon
