// Layouts and flattenings of canon::TypeArena against CanonicalABI.md's definitions.
#include <gtest/gtest.h>

#include "component/canon/type_desc.h"

namespace sable::canon {
namespace {

using K = cm::ValKind;
using C = CoreType;

TypeId must(Result<TypeId> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : TypeId{};
}

TEST(ComponentCanonLayout, PrimitivesHaveTheSpecSizesAndFlatTypes) {
  TypeArena a;
  struct Row {
    K kind;
    uint32_t size;
    CoreType flat;
  };
  for (Row r : {Row{K::Bool, 1, C::I32}, Row{K::U8, 1, C::I32}, Row{K::S16, 2, C::I32},
                Row{K::U32, 4, C::I32}, Row{K::Char, 4, C::I32}, Row{K::S64, 8, C::I64},
                Row{K::F32, 4, C::F32}, Row{K::F64, 8, C::F64}}) {
    const AbiInfo& abi = a[must(a.primitive(r.kind))].abi;
    EXPECT_EQ(abi.size, r.size) << cm::valKindName(r.kind);
    EXPECT_EQ(abi.align, r.size);
    EXPECT_EQ(abi.flat, std::vector<CoreType>{r.flat});
  }
  const AbiInfo& s = a[must(a.primitive(K::String))].abi;
  EXPECT_EQ(s.size, 8u);
  EXPECT_EQ(s.align, 4u);
  EXPECT_EQ(s.flat, (std::vector<CoreType>{C::I32, C::I32}));
  EXPECT_FALSE(a.primitive(K::List).ok());
}

TEST(ComponentCanonLayout, RecordFieldsAreAlignedAndTheSizeRoundedUp) {
  TypeArena a;
  TypeId u8 = must(a.primitive(K::U8));
  TypeId u64 = must(a.primitive(K::U64));
  TypeId u16 = must(a.primitive(K::U16));
  TypeId r = must(a.record({{"a", u8}, {"b", u64}, {"c", u16}}));
  const AbiInfo& abi = a[r].abi;
  EXPECT_EQ(abi.fieldOffsets, (std::vector<uint32_t>{0, 8, 16}));
  EXPECT_EQ(abi.size, 24u);
  EXPECT_EQ(abi.align, 8u);
  EXPECT_EQ(abi.flat, (std::vector<CoreType>{C::I32, C::I64, C::I32}));
  EXPECT_EQ(a.record({}).error().kind, ErrorKind::Invalid);
}

TEST(ComponentCanonLayout, OptionStringIsTwelveBytesWithThePayloadAtFour) {
  // The essay's get(key: string) -> option<string>: {u8 tag @0; ptr @4; len @8}.
  TypeArena a;
  TypeId opt = must(a.option(must(a.primitive(K::String))));
  const AbiInfo& abi = a[opt].abi;
  EXPECT_EQ(abi.size, 12u);
  EXPECT_EQ(abi.align, 4u);
  EXPECT_EQ(abi.discSize, 1u);
  EXPECT_EQ(abi.payloadOffset, 4u);
  EXPECT_EQ(abi.flatCount, 3u);
}

TEST(ComponentCanonLayout, VariantFlatTypesAreJoined) {
  TypeArena a;
  TypeId f32 = must(a.primitive(K::F32));
  TypeId u32 = must(a.primitive(K::U32));
  TypeId f64 = must(a.primitive(K::F64));
  TypeId v1 = must(a.variant({{"a", f32}, {"b", u32}}));
  EXPECT_EQ(a[v1].abi.flat, (std::vector<CoreType>{C::I32, C::I32}));
  TypeId v2 = must(a.variant({{"a", f32}, {"b", f64}, {"c", std::nullopt}}));
  EXPECT_EQ(a[v2].abi.flat, (std::vector<CoreType>{C::I32, C::I64}));
  EXPECT_EQ(a[v2].abi.size, 16u);
  EXPECT_EQ(a[v2].abi.payloadOffset, 8u);
  // A result<_, error-code>-like pair of a timestamp variant: i32 discriminant then i64 + i32.
  TypeId u64 = must(a.primitive(K::U64));
  TypeId datetime = must(a.record({{"seconds", u64}, {"nanoseconds", u32}}));
  TypeId ts = must(
      a.variant({{"no-change", std::nullopt}, {"now", std::nullopt}, {"timestamp", datetime}}));
  EXPECT_EQ(a[ts].abi.flat, (std::vector<CoreType>{C::I32, C::I64, C::I32}));
}

TEST(ComponentCanonLayout, DiscriminantGrowsWithTheCaseCount) {
  TypeArena a;
  std::vector<std::string> names256, names257;
  for (int i = 0; i < 257; ++i) names257.push_back("c" + std::to_string(i));
  names256.assign(names257.begin(), names257.end() - 1);
  EXPECT_EQ(a[must(a.enumType(names256))].abi.size, 1u);
  EXPECT_EQ(a[must(a.enumType(names257))].abi.size, 2u);
  EXPECT_EQ(a[must(a.enumType(names257))].abi.discSize, 2u);
}

TEST(ComponentCanonLayout, FlagsUseTheSmallestIntegerAndAtMost32) {
  TypeArena a;
  auto n = [](int count) {
    std::vector<std::string> v;
    for (int i = 0; i < count; ++i) v.push_back("f" + std::to_string(i));
    return v;
  };
  EXPECT_EQ(a[must(a.flags(n(8)))].abi.size, 1u);
  EXPECT_EQ(a[must(a.flags(n(9)))].abi.size, 2u);
  EXPECT_EQ(a[must(a.flags(n(17)))].abi.size, 4u);
  EXPECT_EQ(a.flags(n(33)).error().kind, ErrorKind::Invalid);
  EXPECT_EQ(a.flags({}).error().kind, ErrorKind::Invalid);
}

TEST(ComponentCanonLayout, ElementSizeOf2To28IsInvalid) {
  TypeArena a;
  // tuple of 2^24 u64... built by doubling: each level doubles the size.
  TypeId t = must(a.primitive(K::U64));  // 8 = 2^3
  Result<TypeId> r = t;
  for (int i = 0; i < 25 && r.ok(); ++i) r = a.tuple({*r, *r});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  // A list of strings is 16 bytes with 64-bit pointers: 2^24 of them in a tuple is too many.
  TypeArena b;
  TypeId s = must(b.primitive(K::String));
  Result<TypeId> big = s;
  for (int i = 0; i < 23; ++i) big = b.tuple({*big, *big});
  ASSERT_TRUE(big.ok());  // 2^23 * 16 = 2^27
  EXPECT_EQ(b[*big].abi.size, uint32_t{1} << 26);
  EXPECT_FALSE(b.tuple({*big, *big}).ok());
}

TEST(ComponentCanonLayout, DeepNestingIsALimitError) {
  TypeArena a;
  Result<TypeId> t = a.primitive(K::U8);
  for (uint32_t i = 0; i < kMaxTypeDepth && t.ok(); ++i) t = a.option(*t);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::Limit);
}

TEST(ComponentCanonLayout, FunctionFlatteningSpillsPast16ParamsAnd1Result) {
  TypeArena a;
  TypeId u32 = must(a.primitive(K::U32));
  TypeId str = must(a.primitive(K::String));
  TypeId optStr = must(a.option(str));
  FuncTypeDesc get{{{"key", str}}, optStr};
  FlatSignature lower = a.flatten(get, FlatContext::Lower);
  EXPECT_EQ(lower.params, (std::vector<CoreType>{C::I32, C::I32, C::I32}));
  EXPECT_TRUE(lower.results.empty());
  EXPECT_TRUE(lower.resultsInMemory);
  FlatSignature lift = a.flatten(get, FlatContext::Lift);
  EXPECT_EQ(lift.params, (std::vector<CoreType>{C::I32, C::I32}));
  EXPECT_EQ(lift.results, std::vector<CoreType>{C::I32});

  FuncTypeDesc many;
  for (int i = 0; i < 16; ++i) many.params.push_back({"p" + std::to_string(i), u32});
  EXPECT_FALSE(a.flatten(many, FlatContext::Lift).paramsInMemory);
  many.params.push_back({"p16", u32});
  FlatSignature spilled = a.flatten(many, FlatContext::Lift);
  EXPECT_TRUE(spilled.paramsInMemory);
  EXPECT_EQ(spilled.params, std::vector<CoreType>{C::I32});
  EXPECT_EQ(a.paramTupleAbi(many).size, 17u * 4);
}

TEST(ComponentCanonLayout, ContainsBorrowLooksThroughAggregates) {
  TypeArena a;
  TypeId b = must(a.borrow(7));
  TypeId l = must(a.list(must(a.option(b))));
  EXPECT_TRUE(a.containsBorrow(l));
  EXPECT_FALSE(a.containsBorrow(must(a.own(7))));
  EXPECT_EQ(a.list(TypeId{999}).error().kind, ErrorKind::Invalid);
}

}  // namespace
}  // namespace sable::canon
