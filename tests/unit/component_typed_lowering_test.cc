// The typed host functions' own lowering (WitType<T>::lowerFlat / store through the canonical
// ABI's GuestWriter) checked against the canonical ABI's lifting: a C++ value lowered the typed
// way, then lifted by canon::liftFlat / canon::load, must be the cm::Val WitType<T>::toVal makes
// of it, and each type's kSize/kAlign/kFlatCount must be the arena's layout of the same type.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "component/canon/flat_values.h"
#include "component/canon/guest_writer.h"
#include "component/canon/lift.h"
#include "component_canon_fixture.h"
#include "sable/component_typed.h"

namespace sable::canon::test {
namespace {

using cm::Val;
using cm::ValKind;
using cm::WitType;

class ComponentTypedLowering : public CanonTest {
 protected:
  TypeId str() { return prim(ValKind::String); }
  TypeId list(TypeId e) { return type(types.list(e)); }
  TypeId option(TypeId p) { return type(types.option(p)); }
  TypeId tuple(std::vector<TypeId> e) { return type(types.tuple(std::move(e))); }

  // Lowers `v` as the result of a function returning `t` the typed way, lifts it back with the
  // canonical ABI and compares with toVal(v); checks the layout constants against the arena.
  template <typename T>
  void roundTrip(const T& v, TypeId t) {
    using W = WitType<T>;
    const AbiInfo& abi = types[t].abi;
    EXPECT_EQ(W::kSize, abi.size) << W::text();
    EXPECT_EQ(W::kAlign, abi.align) << W::text();
    EXPECT_EQ(W::kFlatCount, abi.flatCount) << W::text();
    FuncTypeDesc fn{{}, t};
    LiftLowerContext cx = context();
    // Flat.
    FlatBuffer flat;
    CanonGuestWriter flatOut(cx, fn, std::nullopt, flat);
    ASSERT_TRUE(W::lowerFlat(flatOut, v).ok()) << W::text();
    ASSERT_EQ(flat.size(), W::kFlatCount) << W::text();
    FlatReader in(flat.view());
    Result<Val> lifted = liftFlat(cx, in, t);
    ASSERT_TRUE(lifted.ok()) << errorOf(lifted);
    EXPECT_EQ(*lifted, W::toVal(v)) << W::text() << " (flat)";
    // In memory, at an out-pointer.
    FlatBuffer none;
    CanonGuestWriter memoryOut(cx, fn, kArgArea, none);
    Result<uint32_t> at = memoryOut.resultAddress();
    ASSERT_TRUE(at.ok()) << errorOf(at);
    ASSERT_TRUE(W::store(memoryOut, v, *at).ok()) << W::text();
    Result<Val> loaded = load(cx, kArgArea, t);
    ASSERT_TRUE(loaded.ok()) << errorOf(loaded);
    EXPECT_EQ(*loaded, W::toVal(v)) << W::text() << " (memory)";
  }
};

TEST_F(ComponentTypedLowering, ScalarsKeepTheirValuesAndSigns) {
  roundTrip(true, prim(ValKind::Bool));
  roundTrip(int8_t{-5}, prim(ValKind::S8));
  roundTrip(uint8_t{250}, prim(ValKind::U8));
  roundTrip(int16_t{-30000}, prim(ValKind::S16));
  roundTrip(uint16_t{65000}, prim(ValKind::U16));
  roundTrip(int32_t{-7}, prim(ValKind::S32));
  roundTrip(uint32_t{0xfffffff0}, prim(ValKind::U32));
  roundTrip(int64_t{-1} << 40, prim(ValKind::S64));
  roundTrip(std::numeric_limits<uint64_t>::max(), prim(ValKind::U64));
  roundTrip(1.5f, prim(ValKind::F32));
  roundTrip(-2.25, prim(ValKind::F64));
  roundTrip(U'\U0001F600', prim(ValKind::Char));
}

TEST_F(ComponentTypedLowering, StringsListsOptionsAndTuples) {
  roundTrip(std::string("héllo"), str());
  roundTrip(std::vector<uint16_t>{1, 2, 65535}, list(prim(ValKind::U16)));
  roundTrip(std::vector<double>{0.5, -1.0}, list(prim(ValKind::F64)));
  roundTrip(std::vector<char32_t>{U'a', U'\u00e9'}, list(prim(ValKind::Char)));
  roundTrip(std::vector<std::string>{"a", "", "ccc"}, list(str()));
  roundTrip(std::optional<std::string>("x"), option(str()));
  roundTrip(std::optional<std::string>(), option(str()));
  roundTrip(std::optional<uint64_t>(7), option(prim(ValKind::U64)));
  roundTrip(std::optional<std::optional<uint8_t>>(std::optional<uint8_t>()),
            option(option(prim(ValKind::U8))));
  roundTrip(std::tuple<uint8_t, uint64_t, std::string>(1, 2, "three"),
            tuple({prim(ValKind::U8), prim(ValKind::U64), str()}));
  roundTrip(std::vector<std::tuple<uint16_t, std::optional<uint32_t>>>{{1, 2}, {3, std::nullopt}},
            list(tuple({prim(ValKind::U16), option(prim(ValKind::U32))})));
}

TEST_F(ComponentTypedLowering, ValuesTheAbiCannotCarryAreErrorsNotWrites) {
  LiftLowerContext cx = context();
  FuncTypeDesc fn{{}, prim(ValKind::Char)};
  FlatBuffer flat;
  CanonGuestWriter out(cx, fn, std::nullopt, flat);
  EXPECT_EQ(errorOf(WitType<char32_t>::lowerFlat(out, char32_t{0xD800})),
            "char value is not a Unicode scalar value");
  EXPECT_EQ(errorOf(WitType<std::string>::lowerFlat(out, std::string("\xff"))),
            "string value is not UTF-8: invalid utf-8 sequence of 1 bytes from index 0");
  EXPECT_EQ(flat.size(), 0u);
  // A result in memory needs a valid out-pointer.
  FuncTypeDesc pair{{}, option(str())};
  CanonGuestWriter misaligned(cx, pair, kArgArea + 1, flat);
  EXPECT_FALSE(misaligned.resultAddress().ok());
}

}  // namespace
}  // namespace sable::canon::test
