// cm::Val: constructors, accessors and the equality the reference-test runner relies on.
#include "sable/component_val.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sable::cm {
namespace {

TEST(ComponentVal, ScalarsKeepTheirValues) {
  EXPECT_EQ(Val::s8(-3).asS8(), -3);
  EXPECT_EQ(Val::u16(65535).asU16(), 65535);
  EXPECT_EQ(Val::s64(std::numeric_limits<int64_t>::min()).asS64(),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Val::character(U'☃').asChar(), U'☃');
  EXPECT_EQ(Val::f32(1.5f).asF32(), 1.5f);
  EXPECT_EQ(Val::string("héllo").asString(), "héllo");
  EXPECT_NE(Val::u32(1), Val::s32(1));  // kinds differ
}

TEST(ComponentVal, AnyTwoNaNsAreEqualButOtherFloatsCompareByBits) {
  EXPECT_EQ(Val::f32Bits(0x7fc00000), Val::f32Bits(0x7fa00001));
  EXPECT_EQ(Val::f64(std::nan("")), Val::f64Bits(0xfff8000000000001));
  EXPECT_NE(Val::f64(0.0), Val::f64(-0.0));
}

TEST(ComponentVal, FlagsCompareAsSets) {
  EXPECT_EQ(Val::flags({"a", "b"}), Val::flags({"b", "a"}));
  EXPECT_NE(Val::flags({"a"}), Val::flags({"a", "b"}));
}

TEST(ComponentVal, VariantShapesCarryCaseAndPayload) {
  const Val some = Val::some(Val::string("x"));
  ASSERT_NE(some.payload(), nullptr);
  EXPECT_EQ(some.caseName(), "some");
  EXPECT_EQ(Val::none().payload(), nullptr);
  EXPECT_NE(Val::ok(), Val::err());
  EXPECT_EQ(Val::variant("c", Val::u8(1)), Val::variant("c", Val::u8(1)));
  EXPECT_NE(Val::variant("c", Val::u8(1)), Val::variant("d", Val::u8(1)));
}

TEST(ComponentVal, RecordsKeepFieldNamesInOrder) {
  const Val r = Val::record({{"a", Val::u32(1)}, {"b", Val::string("s")}});
  ASSERT_EQ(r.names().size(), 2u);
  EXPECT_EQ(r.names()[1], "b");
  EXPECT_EQ(r.elements()[1].asString(), "s");
  EXPECT_NE(r, Val::record({{"b", Val::string("s")}, {"a", Val::u32(1)}}));
}

TEST(ComponentVal, CompactListsHoldBytesAndEqualTheirExpandedForm) {
  const uint8_t raw[] = {0, 7, 255};
  const Val bytes = Val::bytes(raw);
  EXPECT_TRUE(bytes.isCompactList());
  EXPECT_EQ(bytes.kind(), ValKind::List);
  EXPECT_EQ(bytes.listSize(), 3u);
  EXPECT_EQ(bytes.listAs<uint8_t>()[2], 255);
  EXPECT_TRUE(bytes.listAs<uint16_t>().empty());  // not a list of u16
  EXPECT_EQ(bytes.listElement(1), Val::u8(7));
  EXPECT_EQ(bytes, Val::list({Val::u8(0), Val::u8(7), Val::u8(255)}));
  EXPECT_NE(bytes, Val::list({Val::u8(0), Val::u8(7)}));
  EXPECT_NE(bytes, Val::list({Val::s8(0), Val::s8(7), Val::s8(-1)}));
  const int64_t wide[] = {-1, 2};
  EXPECT_EQ(Val::listOf<int64_t>(wide).listElement(0), Val::s64(-1));
  const float nans[] = {std::nanf("1")}, otherNans[] = {std::nanf("2")};
  EXPECT_EQ(Val::listOf<float>(nans), Val::listOf<float>(otherNans));
  const uint8_t someBools[] = {0, 2};
  EXPECT_EQ(Val::scalarList(ValKind::Bool, someBools).listBytes()[1], 1);
  EXPECT_FALSE(Val::scalarList(ValKind::String, raw).isCompactList());
}

TEST(ComponentVal, BytesFromAStringAreTheSameCompactList) {
  const uint8_t raw[] = {0, 7, 255};
  const Val taken = Val::bytesFrom(std::string("\x00\x07\xff", 3));
  EXPECT_TRUE(taken.isCompactList());
  EXPECT_EQ(taken.compactElementKind(), ValKind::U8);
  EXPECT_EQ(taken, Val::bytes(raw));
  EXPECT_EQ(Val::bytesFrom("").listSize(), 0u);
}

TEST(ComponentVal, ResourceHandlesRoundTrip) {
  const Val h = Val::own(ResourceHandle{7, 42});
  EXPECT_EQ(h.asResource(), (ResourceHandle{7, 42}));
  EXPECT_NE(h, Val::borrow(ResourceHandle{7, 42}));
}

TEST(ComponentVal, ABorrowedStringOrListIsAViewAndItsCopiesOwnTheirBytes) {
  std::string text = "key-000000000042";
  Val view = Val::borrowedString(text);
  EXPECT_TRUE(view.isBorrowed());
  EXPECT_EQ(view.asString().data(), text.data());  // no copy
  Val copy = view;
  EXPECT_FALSE(copy.isBorrowed());
  text[0] = 'K';
  EXPECT_EQ(view.asString(), "Key-000000000042");
  EXPECT_EQ(copy.asString(), "key-000000000042");
  EXPECT_EQ(copy, Val::string("key-000000000042"));

  alignas(4) uint8_t bytes[8] = {1, 0, 0, 0, 2, 0, 0, 0};
  Val list = Val::borrowedScalarList(ValKind::U32, bytes);
  EXPECT_TRUE(list.isBorrowed());
  EXPECT_EQ(list.listAs<uint32_t>().size(), 2u);
  EXPECT_EQ(list.listAs<uint32_t>().data(), reinterpret_cast<const uint32_t*>(bytes));
  Val owned = list;
  bytes[0] = 9;
  EXPECT_EQ(owned.listAs<uint32_t>()[0], 1u);
  EXPECT_EQ(list.listElement(0), Val::u32(9));
  // Bytes not aligned to the element, and kinds whose bytes need normalising, are copied.
  EXPECT_FALSE(
      Val::borrowedScalarList(ValKind::U32, std::span<const uint8_t>(bytes + 1, 4)).isBorrowed());
  EXPECT_FALSE(Val::borrowedScalarList(ValKind::Bool, bytes).isBorrowed());
}

}  // namespace
}  // namespace sable::cm
