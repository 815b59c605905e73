// Lifting and lowering values, flat and in memory, against a real module's memory and realloc.
#include <gtest/gtest.h>

#include "component/canon/lift.h"
#include "component/canon/lower.h"
#include "component_canon_fixture.h"

namespace sable::canon::test {
namespace {

using K = cm::ValKind;
using cm::Val;

class ComponentCanonLiftLower : public CanonTest {
 protected:
  Result<Val> liftBits(std::vector<uint64_t> bits, TypeId t, TrapStyle style = TrapStyle::Host) {
    LiftLowerContext cx = context(style);
    FlatReader in(bits);
    return liftFlat(cx, in, t);
  }
  Result<std::vector<uint64_t>> lowerBits(const Val& v, TypeId t) {
    LiftLowerContext cx = context();
    FlatBuffer out;
    Result<void> done = lowerFlat(cx, v, t, out);
    if (!done) return done.error();
    return out.toVector();
  }
  // store then load at `ptr`: the value that comes back.
  Result<Val> roundTripMemory(const Val& v, TypeId t, uint32_t ptr = kArgArea) {
    LiftLowerContext cx = context();
    Result<void> stored = canon::store(cx, v, t, ptr);
    if (!stored) return stored.error();
    return load(cx, ptr, t);
  }
};

TEST_F(ComponentCanonLiftLower, NarrowIntegersTakeTheLowBitsAndBoolIsNonZero) {
  EXPECT_EQ(*liftBits({0x1ff}, prim(K::U8)), Val::u8(0xff));
  EXPECT_EQ(*liftBits({0x80}, prim(K::S8)), Val::s8(-128));
  EXPECT_EQ(*liftBits({0x18000}, prim(K::S16)), Val::s16(-32768));
  EXPECT_EQ(*liftBits({2}, prim(K::Bool)), Val::boolean(true));
  EXPECT_EQ(*liftBits({0}, prim(K::Bool)), Val::boolean(false));
  EXPECT_EQ(*liftBits({0xffffffffffffffff}, prim(K::S64)), Val::s64(-1));
  // Lowering sign-extends to 32 bits, as an i32 holds it.
  EXPECT_EQ(*lowerBits(Val::s8(-1), prim(K::S8)), std::vector<uint64_t>{0xffffffff});
  EXPECT_EQ(*lowerBits(Val::u16(0xffff), prim(K::U16)), std::vector<uint64_t>{0xffff});
}

TEST_F(ComponentCanonLiftLower, NansAreCanonicalised) {
  EXPECT_EQ(liftBits({0x7fc00001}, prim(K::F32))->asF32Bits(), 0x7fc00000u);
  EXPECT_EQ(liftBits({0xffc00000}, prim(K::F32))->asF32Bits(), 0x7fc00000u);
  EXPECT_EQ(liftBits({0x7ff0000000000001}, prim(K::F64))->asF64Bits(), 0x7ff8000000000000u);
  EXPECT_EQ(liftBits({0x7f800000}, prim(K::F32))->asF32Bits(), 0x7f800000u);  // infinity stays
  writeU32(kArgArea, 0x7f800001);
  LiftLowerContext cx = context();
  EXPECT_EQ(load(cx, kArgArea, prim(K::F32))->asF32Bits(), 0x7fc00000u);
}

TEST_F(ComponentCanonLiftLower, CharTrapsOnSurrogatesAndPastUnicode) {
  EXPECT_EQ(*liftBits({0x26c4}, prim(K::Char)), Val::character(U'⛄'));
  for (uint64_t bad : {0xD800u, 0xDFFFu, 0x110000u}) {
    Result<Val> r = liftBits({bad}, prim(K::Char));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Trap);
    EXPECT_EQ(r.error().message, "invalid `char` bit pattern");
  }
  EXPECT_EQ(lowerBits(Val::character(0xD800), prim(K::Char)).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonLiftLower, VariantDiscriminantsOutOfRangeTrap) {
  TypeId e = type(types.enumType({"a", "b"}));
  EXPECT_EQ(*liftBits({1}, e), Val::enumCase("b"));
  EXPECT_EQ(errorOf(liftBits({2}, e)), "invalid variant discriminant");
  TypeId v = type(types.variant({{"x", prim(K::U32)}, {"y", std::nullopt}}));
  EXPECT_EQ(errorOf(liftBits({7, 0}, v)), "invalid variant discriminant");
  writeBytes(kArgArea, std::vector<uint8_t>{2, 0, 0, 0, 0, 0, 0, 0});
  LiftLowerContext cx = context();
  EXPECT_EQ(errorOf(load(cx, kArgArea, v)), "invalid variant discriminant");
  TypeId opt = type(types.option(prim(K::U8)));
  EXPECT_EQ(errorOf(liftBits({2, 0}, opt)), "invalid variant discriminant");
}

TEST_F(ComponentCanonLiftLower, JoinedVariantPayloadsRoundTrip) {
  TypeId v = type(types.variant({{"f", prim(K::F32)}, {"w", prim(K::U64)}, {"n", std::nullopt}}));
  ASSERT_EQ(types[v].abi.flat, (std::vector<CoreType>{CoreType::I32, CoreType::I64}));
  Val f = Val::variant("f", Val::f32(1.5f));
  auto bits = lowerBits(f, v);
  ASSERT_TRUE(bits.ok()) << errorOf(bits);
  EXPECT_EQ(*bits, (std::vector<uint64_t>{0, 0x3fc00000}));
  EXPECT_EQ(*liftBits(*bits, v), f);
  EXPECT_EQ(*lowerBits(Val::variant("n"), v), (std::vector<uint64_t>{2, 0}));
  // An i64 slot holding garbage in the high half still lifts an f32 payload from the low half.
  EXPECT_EQ(*liftBits({0, 0xdead00003fc00000}, v), f);
  EXPECT_EQ(lowerBits(Val::variant("f"), v).error().kind, ErrorKind::Usage);  // payload missing
  EXPECT_EQ(lowerBits(Val::variant("zz"), v).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonLiftLower, FlagsIgnoreUnknownBitsAndRejectUnknownNames) {
  TypeId fl = type(types.flags({"r", "w", "x"}));
  EXPECT_EQ(*liftBits({0xf5}, fl), Val::flags({"r", "x"}));
  EXPECT_EQ(*lowerBits(Val::flags({"x", "w"}), fl), std::vector<uint64_t>{6});
  EXPECT_EQ(lowerBits(Val::flags({"q"}), fl).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonLiftLower, ValuesOfTheWrongKindAreUsageErrors) {
  Result<std::vector<uint64_t>> r = lowerBits(Val::string("x"), prim(K::U32));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  TypeId rec = type(types.record({{"a", prim(K::U8)}}));
  EXPECT_EQ(lowerBits(Val::record({{"b", Val::u8(1)}}), rec).error().kind, ErrorKind::Usage);
  EXPECT_EQ(lowerBits(Val::tuple({Val::u8(1)}), rec).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonLiftLower, ListsAreAllocatedWithTheElementAlignment) {
  TypeId list = type(types.list(prim(K::U32)));
  Val v = Val::list({Val::u32(1), Val::u32(2), Val::u32(3)});
  auto bits = lowerBits(v, list);
  ASSERT_TRUE(bits.ok()) << errorOf(bits);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 4, 12}}));
  EXPECT_EQ(*bits, (std::vector<uint64_t>{kHeapStart, 3}));
  EXPECT_EQ(readU32(kHeapStart + 8), 3u);
  EXPECT_EQ(*liftBits(*bits, list), v);
}

TEST_F(ComponentCanonLiftLower, ListTraps) {
  TypeId list = type(types.list(prim(K::U32)));
  EXPECT_EQ(errorOf(liftBits({kArgArea + 2, 1}, list)), "unaligned pointer");
  EXPECT_EQ(errorOf(liftBits({65532, 2}, list)), "list pointer/length out of bounds of memory");
  EXPECT_EQ(errorOf(liftBits({65532, 2}, list, TrapStyle::Adapter)),
            "wasm trap: list content out-of-bounds");
  EXPECT_EQ(errorOf(liftBits({0, 1u << 26}, list)), "list byte length exceeds 2^28 - 1");
  setReallocOverride(2);
  EXPECT_EQ(errorOf(lowerBits(Val::list({Val::u32(1)}), list)),
            "realloc return: result not aligned");
  setReallocOverride(0xfffffff0);
  EXPECT_EQ(errorOf(lowerBits(Val::list({}), list)), "realloc return: beyond end of memory");
}

// Lists of scalars take a path of their own (one memory lookup per list): the same values and
// the same errors as any other element type.
TEST_F(ComponentCanonLiftLower, ScalarListsRoundTripAndCheckEachElement) {
  TypeId bytesList = type(types.list(prim(K::U8)));
  Val v = Val::list({Val::u8(0), Val::u8(7), Val::u8(255)});
  auto bits = lowerBits(v, bytesList);
  ASSERT_TRUE(bits.ok()) << errorOf(bits);
  EXPECT_EQ(bytes()[kHeapStart + 2], 255);
  EXPECT_EQ(*liftBits(*bits, bytesList), v);
  EXPECT_EQ(lowerBits(Val::list({Val::u8(1), Val::u32(2)}), bytesList).error().kind,
            ErrorKind::Usage);
  TypeId chars = type(types.list(prim(K::Char)));
  writeU32(kArgArea, 0xD800);  // a surrogate: not a char
  EXPECT_EQ(errorOf(liftBits({kArgArea, 1}, chars)), "invalid `char` bit pattern");
}

// Scalar lists lift compact (contiguous bytes, no Val per element) and compact lists lower
// with one copy; the lifting rules that look at values still apply.
TEST_F(ComponentCanonLiftLower, ScalarListsLiftCompactAndLowerWithOneCopy) {
  TypeId words = type(types.list(prim(K::U32)));
  const uint32_t values[] = {1, 0xdeadbeef, 3};
  Val v = Val::listOf<uint32_t>(values);
  auto bits = lowerBits(v, words);
  ASSERT_TRUE(bits.ok()) << errorOf(bits);
  EXPECT_EQ(reallocLog(), (std::vector<ReallocCall>{{0, 0, 4, 12}}));
  EXPECT_EQ(readU32(kHeapStart + 4), 0xdeadbeefu);
  Result<Val> lifted = liftBits(*bits, words);
  ASSERT_TRUE(lifted.ok()) << errorOf(lifted);
  EXPECT_TRUE(lifted->isCompactList());
  ASSERT_EQ(lifted->listAs<uint32_t>().size(), 3u);
  EXPECT_EQ(lifted->listAs<uint32_t>()[1], 0xdeadbeefu);
  EXPECT_EQ(*lifted, Val::list({Val::u32(1), Val::u32(0xdeadbeef), Val::u32(3)}));
  const uint8_t bytes3[] = {1, 2, 3};
  EXPECT_EQ(errorOf(lowerBits(Val::bytes(bytes3), words)),
            "list of u8 where the type's elements are u32");
  TypeId bools = type(types.list(prim(K::Bool)));
  bytes()[kArgArea] = 7;
  EXPECT_EQ(liftBits({kArgArea, 1}, bools)->listBytes()[0], 1);
  TypeId floats = type(types.list(prim(K::F32)));
  writeU32(kArgArea, 0x7fc00001);
  EXPECT_EQ(liftBits({kArgArea, 1}, floats)->listAs<float>().size(), 1u);
  EXPECT_EQ(liftBits({kArgArea, 1}, floats)->listElement(0).asF32Bits(), 0x7fc00000u);
  TypeId chars = type(types.list(prim(K::Char)));
  const char32_t surrogate[] = {0xD800};
  EXPECT_EQ(lowerBits(Val::listOf<char32_t>(surrogate), chars).error().kind, ErrorKind::Usage);
}

TEST_F(ComponentCanonLiftLower, AggregatesRoundTripThroughMemory) {
  TypeId str = prim(K::String);
  TypeId res = type(types.result(prim(K::U64), str));
  TypeId tup = type(types.tuple({prim(K::U8), res, type(types.option(str))}));
  TypeId rec = type(types.record({{"id", prim(K::U16)},
                                  {"t", tup},
                                  {"tags", type(types.list(str))},
                                  {"mode", type(types.enumType({"on", "off"}))},
                                  {"f", prim(K::F64)},
                                  {"c", prim(K::Char)}}));
  Val v = Val::record(
      {{"id", Val::u16(7)},
       {"t", Val::tuple({Val::u8(1), Val::err(Val::string("bad")), Val::some(Val::string("x"))})},
       {"tags", Val::list({Val::string("a"), Val::string("bc")})},
       {"mode", Val::enumCase("off")},
       {"f", Val::f64(-2.5)},
       {"c", Val::character(U'ß')}});
  Result<Val> back = roundTripMemory(v, rec);
  ASSERT_TRUE(back.ok()) << errorOf(back);
  EXPECT_EQ(*back, v);
  Val ok = Val::record({{"id", Val::u16(0)},
                        {"t", Val::tuple({Val::u8(0), Val::ok(Val::u64(1ull << 40)), Val::none()})},
                        {"tags", Val::list({})},
                        {"mode", Val::enumCase("on")},
                        {"f", Val::f64(0)},
                        {"c", Val::character(U'a')}});
  EXPECT_EQ(*roundTripMemory(ok, rec), ok);
}

TEST_F(ComponentCanonLiftLower, OptionStringLayoutIsTagThenPointerPair) {
  TypeId opt = type(types.option(prim(K::String)));
  LiftLowerContext cx = context();
  ASSERT_TRUE(canon::store(cx, Val::some(Val::string("hi")), opt, kArgArea).ok());
  EXPECT_EQ(bytes()[kArgArea], 1);
  EXPECT_EQ(readU32(kArgArea + 4), kHeapStart);
  EXPECT_EQ(readU32(kArgArea + 8), 2u);
}

// Lifting arbitrary memory contents never crashes: every outcome is a value or a Trap.
TEST_F(ComponentCanonLiftLower, GarbageInMemoryLiftsOrTraps) {
  TypeId str = prim(K::String);
  TypeId rec = type(types.record({{"c", prim(K::Char)}, {"f", prim(K::F64)}}));
  TypeId var = type(types.variant({{"s", str},
                                   {"bytes", type(types.list(prim(K::U8)))},
                                   {"r", type(types.option(rec))},
                                   {"none", std::nullopt}}));
  TypeId top = type(types.list(var));
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245 + 12345;
    return seed >> 8;
  };
  std::vector<uint8_t> garbage(4096);
  int values = 0, traps = 0;
  for (int round = 0; round < 300; ++round) {
    for (uint8_t& b : garbage) b = static_cast<uint8_t>(next() % 4 == 0 ? next() : next() % 8);
    writeBytes(kArgArea, garbage);
    uint32_t ptr = kArgArea + (next() % 1024) * 4;
    std::vector<uint64_t> flat{ptr, next() % 64};
    Result<Val> r = liftBits(flat, top, round % 2 ? TrapStyle::Adapter : TrapStyle::Host);
    if (r.ok()) {
      ++values;
    } else {
      EXPECT_EQ(r.error().kind, ErrorKind::Trap) << r.error().message;
      ++traps;
    }
  }
  EXPECT_GT(values, 0);
  EXPECT_GT(traps, 0);
}

}  // namespace
}  // namespace sable::canon::test
