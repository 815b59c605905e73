// Lifting and lowering own and borrow handles (CanonicalABI.md lift_own, lift_borrow,
// lower_own, lower_borrow). On the host side a handle is an index into the host's handle table
// (cm::ResourceHandle), so ownership moves between tables exactly as between instances.
#pragma once

#include <cstdint>

#include "component/canon/context.h"
#include "sable/component_val.h"

namespace sable::canon {

// Moves the owning handle `index` out of the instance's table into the host table.
Result<cm::Val> liftOwn(LiftLowerContext& cx, ResourceTypeId type, uint32_t index);
// Lends handle `index` for the current call: the host table holds a borrow until the call ends.
Result<cm::Val> liftBorrow(LiftLowerContext& cx, ResourceTypeId type, uint32_t index);
// Moves the host's owning handle `v` into the instance's table; returns the new index.
Result<uint32_t> lowerOwn(LiftLowerContext& cx, ResourceTypeId type, const cm::Val& v);
// Gives the instance a borrow of the host's handle `v` for the current call: the rep itself
// when the instance implements the resource, else a new borrow handle index.
Result<uint32_t> lowerBorrow(LiftLowerContext& cx, ResourceTypeId type, const cm::Val& v);

// Undoes the handle moves of a lowering that failed part-way (a host value of the wrong shape
// after an own already moved): owning handles go back to the host table at their old index,
// borrows given to the instance are removed, and the call's borrows end.
void rollBackLowering(LiftLowerContext& cx);

// Ends a call's borrows: lenders' counts drop, the host's call-scoped borrows go, and a Trap
// when the callee still holds borrows it was given.
Result<void> endCallScope(HandleTable& hostHandles, CallScope& scope);

}  // namespace sable::canon
