// Handle tables, resource built-ins and own/borrow transfer.
#include <gtest/gtest.h>

#include "component/canon/handle_transfer.h"
#include "component/canon/lift.h"
#include "component/canon/lower.h"
#include "component/canon/resource.h"
#include "component_canon_fixture.h"

namespace sable::canon::test {
namespace {

using cm::Val;

TEST(ComponentCanonHandleTable, SlotZeroIsReservedAndFreedSlotsAreReusedLastFirst) {
  HandleTable table;
  EXPECT_EQ(*table.add({1, 10, true}), 1u);
  EXPECT_EQ(*table.add({1, 20, true}), 2u);
  EXPECT_EQ(*table.add({1, 30, true}), 3u);
  ASSERT_TRUE(table.remove(1).ok());
  ASSERT_TRUE(table.remove(3).ok());
  EXPECT_EQ(*table.add({1, 40, true}), 3u);
  EXPECT_EQ(*table.add({1, 50, true}), 1u);
  EXPECT_EQ(*table.add({1, 60, true}), 4u);
  EXPECT_EQ((*table.get(1))->rep, 50u);
  EXPECT_EQ(table.liveCount(), 4u);
}

TEST(ComponentCanonHandleTable, UnknownIndicesTrapWithTheIndex) {
  HandleTable table;
  EXPECT_EQ(errorOf(table.get(0)), "unknown handle index 0");
  EXPECT_EQ(errorOf(table.get(4294967295u)), "unknown handle index 4294967295");
  ASSERT_TRUE(table.add({1, 1, true}).ok());
  ASSERT_TRUE(table.remove(1).ok());
  Result<HandleElem> again = table.remove(1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Trap);
  EXPECT_EQ(again.error().message, "unknown handle index 1");
}

class ComponentCanonResources : public CanonTest {
 protected:
  void SetUp() override {
    CanonTest::SetUp();
    guestType = resources.add(ResourceType{&inst,
                                           [this](uint32_t rep) -> Result<void> {
                                             dropped.push_back(rep);
                                             return {};
                                           },
                                           "thing"});
    otherType = resources.add(ResourceType{&inst, nullptr, "other"});
    hostType = resources.add(ResourceType{nullptr, nullptr, "host-thing"});
  }
  ResourceTypeId guestType = 0, otherType = 0, hostType = 0;
  std::vector<uint32_t> dropped;
};

TEST_F(ComponentCanonResources, NewRepDropRunTheDestructor) {
  uint32_t h = *resourceNew(inst, guestType, 77);
  EXPECT_EQ(h, 1u);
  EXPECT_EQ(*resourceRep(inst, resources, guestType, h), 77u);
  ASSERT_TRUE(resourceDrop(inst, resources, guestType, h).ok());
  EXPECT_EQ(dropped, std::vector<uint32_t>{77});
  EXPECT_EQ(errorOf(resourceRep(inst, resources, guestType, h)), "unknown handle index 1");
}

TEST_F(ComponentCanonResources, WrongTypeTrapsNamingBothSides) {
  uint32_t h = *resourceNew(inst, guestType, 1);
  EXPECT_EQ(errorOf(resourceRep(inst, resources, otherType, h)),
            "handle index 1 used with the wrong type, expected guest-defined resource but found "
            "a different guest-defined resource");
  EXPECT_EQ(errorOf(resourceDrop(inst, resources, hostType, h)),
            "handle index 1 used with the wrong type, expected host-defined resource but found "
            "a different guest-defined resource");
}

TEST_F(ComponentCanonResources, BuiltinsThatLeaveTrapWhenMayLeaveIsClear) {
  uint32_t h = *resourceNew(inst, guestType, 1);
  inst.mayLeave = false;
  EXPECT_EQ(errorOf(resourceNew(inst, guestType, 2)), "cannot leave component instance");
  EXPECT_EQ(errorOf(resourceDrop(inst, resources, guestType, h)),
            "cannot leave component instance");
}

TEST_F(ComponentCanonResources, OwnMovesBetweenTheInstanceAndTheHost) {
  TypeId own = type(types.own(guestType));
  uint32_t h = *resourceNew(inst, guestType, 5);
  LiftLowerContext cx = context();
  std::vector<uint64_t> in{h};
  FlatReader reader(in);
  Result<Val> lifted = liftFlat(cx, reader, own);
  ASSERT_TRUE(lifted.ok()) << errorOf(lifted);
  EXPECT_EQ(lifted->kind(), cm::ValKind::Own);
  EXPECT_EQ(inst.handles.liveCount(), 0u);
  EXPECT_EQ(hostHandles.liveCount(), 1u);
  // Lifting it again: the index is gone.
  FlatReader again(in);
  EXPECT_EQ(errorOf(liftFlat(cx, again, own)), "unknown handle index 1");
  FlatBuffer out;
  ASSERT_TRUE(lowerFlat(cx, *lifted, own, out).ok());
  EXPECT_EQ(out.toVector(), std::vector<uint64_t>{1});
  EXPECT_EQ(*resourceRep(inst, resources, guestType, 1), 5u);
  EXPECT_EQ(hostHandles.liveCount(), 0u);
}

TEST_F(ComponentCanonResources, AnOwnedHandleLentAsABorrowCannotMove) {
  TypeId own = type(types.own(guestType));
  TypeId borrow = type(types.borrow(guestType));
  uint32_t h = *resourceNew(inst, guestType, 9);
  LiftLowerContext cx = context();
  std::vector<uint64_t> in{h};
  FlatReader r1(in);
  Result<Val> b = liftFlat(cx, r1, borrow);
  ASSERT_TRUE(b.ok()) << errorOf(b);
  EXPECT_EQ(b->kind(), cm::ValKind::Borrow);
  FlatReader r2(in);
  EXPECT_EQ(errorOf(liftFlat(cx, r2, own)), "cannot remove owned resource while borrowed");
  EXPECT_EQ(errorOf(resourceDrop(inst, resources, guestType, h)),
            "cannot remove owned resource while borrowed");
  ASSERT_TRUE(endCallScope(hostHandles, scope).ok());
  EXPECT_EQ(hostHandles.liveCount(), 0u);  // the call's borrow is gone from the host table
  EXPECT_TRUE(resourceDrop(inst, resources, guestType, h).ok());
}

TEST_F(ComponentCanonResources, BorrowsGivenToACalleeMustBeDroppedBeforeItReturns) {
  TypeId borrow = type(types.borrow(hostType));
  uint32_t hostIndex = *hostHandles.add({hostType, 123, true});
  Val handle = Val::own(cm::ResourceHandle{hostType, hostIndex});
  LiftLowerContext cx = context();
  FlatBuffer out;
  ASSERT_TRUE(lowerFlat(cx, handle, borrow, out).ok());
  ASSERT_EQ(out.size(), 1u);
  uint32_t calleeIndex = static_cast<uint32_t>(out.view()[0]);
  EXPECT_EQ(*resourceRep(inst, resources, hostType, calleeIndex), 123u);
  CallScope copy = scope;
  EXPECT_EQ(errorOf(endCallScope(hostHandles, copy)),
            "borrow handles still remain at the end of the call");
  ASSERT_TRUE(resourceDrop(inst, resources, hostType, calleeIndex).ok());
  EXPECT_TRUE(endCallScope(hostHandles, scope).ok());
  EXPECT_EQ((*hostHandles.get(hostIndex))->lendCount, 0u);
}

TEST_F(ComponentCanonResources, ABorrowIntoTheImplementingInstanceIsTheRep) {
  TypeId borrow = type(types.borrow(guestType));
  uint32_t hostIndex = *hostHandles.add({guestType, 4242, true});
  LiftLowerContext cx = context();
  FlatBuffer out;
  ASSERT_TRUE(lowerFlat(cx, Val::borrow({guestType, hostIndex}), borrow, out).ok());
  EXPECT_EQ(out.toVector(), std::vector<uint64_t>{4242});
  EXPECT_EQ(inst.handles.liveCount(), 0u);
}

TEST_F(ComponentCanonResources, DestructorOfAnotherInstanceIsNotReentered) {
  InstanceState impl;
  impl.path = "impl";
  ResourceTypeId t =
      resources.add(ResourceType{&impl, [](uint32_t) -> Result<void> { return {}; }, "r"});
  uint32_t h = *resourceNew(inst, t, 1);
  impl.mayEnter = false;  // a call into impl is in progress
  Result<void> r = resourceDrop(inst, resources, t, h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
}

TEST_F(ComponentCanonResources, HostHandlesNewRepDrop) {
  Result<Val> own = hostResourceNew(hostHandles, guestType, 31);
  ASSERT_TRUE(own.ok()) << errorOf(own);
  cm::ResourceHandle h = own->asResource();
  EXPECT_EQ(*hostResourceRep(hostHandles, resources, h), 31u);
  EXPECT_EQ(errorOf(hostResourceRep(hostHandles, resources, {otherType, h.index})),
            "handle index 1 used with the wrong type, expected guest-defined resource but found "
            "a different guest-defined resource");
  // The destructor enters the implementing instance, which must not be running.
  inst.mayEnter = false;
  EXPECT_FALSE(hostResourceDrop(hostHandles, resources, h).ok());
  EXPECT_TRUE(dropped.empty());
  inst.mayEnter = true;
  ASSERT_TRUE(hostResourceNew(hostHandles, guestType, 32).ok());
  ASSERT_TRUE(hostResourceDrop(hostHandles, resources, {guestType, 1}).ok());
  EXPECT_EQ(dropped, std::vector<uint32_t>{32});
  EXPECT_EQ(errorOf(hostResourceDrop(hostHandles, resources, {guestType, 1})),
            "unknown handle index 1");
}

}  // namespace
}  // namespace sable::canon::test
