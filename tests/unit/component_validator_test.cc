// The component validator's parts on real TypeArenas: ABI facts (sizes, flattening), the
// arena-wide rules (max value size, borrows in results, labels), type matching with its
// messages, and the annotated-name rules. Whole binaries are covered by
// component_reference_validation_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "component/format/component_def.h"
#include "component/format/validator_abi.h"
#include "component/format/validator_internal.h"
#include "component/format/validator_subtype.h"

namespace sable::cm::format {
namespace {

TypeId prim(TypeKind k) { return static_cast<TypeId>(k); }

TypeId add(TypeArena& a, TypeKind kind, std::vector<Field> fields = {}, TypeId elem = kNoType) {
  TypeDef d;
  d.kind = kind;
  d.fields = std::move(fields);
  d.elem = elem;
  return a.add(std::move(d));
}

TypeId func(TypeArena& a, std::vector<Field> params, std::optional<TypeId> result) {
  TypeDef d;
  d.kind = TypeKind::Func;
  d.fields = std::move(params);
  d.result = result;
  return a.add(std::move(d));
}

TEST(ComponentValidatorAbi, RecordSizeAlignsFieldsAndRoundsUp) {
  TypeArena a;
  TypeId rec = add(a, TypeKind::Record, {{"a", prim(TypeKind::U8)}, {"b", prim(TypeKind::U32)}});
  TypeId opt = add(a, TypeKind::Option, {}, prim(TypeKind::String));
  AbiFacts facts(a);
  EXPECT_EQ(facts.size(rec), 8u);
  EXPECT_EQ(facts.size(opt), 12u);  // u8 tag, then (ptr, len) at 4
  EXPECT_TRUE(facts.hasStringOrList(opt));
  EXPECT_EQ(facts.flat(opt).count, 3u);
}

TEST(ComponentValidatorAbi, FlatteningSpillsParamsPast16AndResultsPast1) {
  TypeArena a;
  std::vector<Field> params;
  for (int i = 0; i < 17; ++i) params.push_back({"p" + std::to_string(i), prim(TypeKind::U32)});
  TypeId many = func(a, params, std::nullopt);
  TypeId pair = add(a, TypeKind::Tuple, {{"", prim(TypeKind::U32)}, {"", prim(TypeKind::U64)}});
  TypeId twoResults = func(a, {}, pair);
  AbiFacts facts(a);
  EXPECT_EQ(facts.flattenFunc(many, true).toString(), "(i32) -> ()");
  EXPECT_EQ(facts.flattenFunc(twoResults, true).toString(), "() -> (i32)");
  EXPECT_EQ(facts.flattenFunc(twoResults, false).toString(), "(i32) -> ()");
}

TEST(ComponentValidatorTypes, ValuesOf2To28BytesAreInvalid) {
  TypeArena a;
  std::vector<Field> sixteen(16, Field{"", prim(TypeKind::U64)});
  TypeId t = add(a, TypeKind::Tuple, sixteen);  // 128 bytes
  for (int level = 0; level < 5; ++level) {     // x16 each: 2^27 bytes
    t = add(a, TypeKind::Tuple, std::vector<Field>(16, Field{"", t}));
  }
  ResourceEquivalence resources;
  EXPECT_TRUE(checkArenaTypes(a, AbiFacts(a), resources).ok());
  add(a, TypeKind::Tuple, {{"", t}, {"", t}});  // 2^28 bytes
  auto r = checkArenaTypes(a, AbiFacts(a), resources);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("exceeds maximum byte size"), std::string::npos);
}

TEST(ComponentValidatorTypes, BorrowsInResultsAndBadLabelsAreInvalid) {
  TypeArena a;
  TypeDef res;
  res.kind = TypeKind::Resource;
  TypeId r = a.add(res);
  TypeId borrow = add(a, TypeKind::Borrow, {}, r);
  TypeId list = add(a, TypeKind::List, {}, borrow);
  func(a, {{"x", borrow}}, std::nullopt);  // a borrow parameter is fine
  ResourceEquivalence resources;
  EXPECT_TRUE(checkArenaTypes(a, AbiFacts(a), resources).ok());
  func(a, {}, list);
  auto bad = checkArenaTypes(a, AbiFacts(a), resources);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "function result cannot contain a `borrow` type");

  TypeArena b;
  add(b, TypeKind::Record, {{"a-B", prim(TypeKind::U8)}, {"A-b", prim(TypeKind::U8)}});
  auto dup = checkArenaTypes(b, AbiFacts(b), resources);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("conflicts with previous record field name"),
            std::string::npos);
}

TEST(ComponentValidatorMatch, RecordsMatchByNameAndTypeWithMessages) {
  TypeArena a;
  TypeId want = add(a, TypeKind::Record, {{"x", prim(TypeKind::U32)}});
  TypeId renamed = add(a, TypeKind::Record, {{"y", prim(TypeKind::U32)}});
  TypeId retyped = add(a, TypeKind::Record, {{"x", prim(TypeKind::String)}});
  TypeId same = add(a, TypeKind::Record, {{"x", prim(TypeKind::U32)}});
  ResourceEquivalence resources;
  TypeMatcher m(a, resources);
  EXPECT_TRUE(m.valueType(want, same).ok());
  EXPECT_EQ(m.valueType(want, renamed).error().message, "expected field named `x`, found `y`");
  EXPECT_NE(m.valueType(want, retyped).error().message.find("type mismatch in field `x`"),
            std::string::npos);
  EXPECT_EQ(m.valueType(prim(TypeKind::U32), want).error().message, "expected u32, found record");
}

TEST(ComponentValidatorMatch, SubResourceImportsBindToTheArgument) {
  TypeArena a;
  TypeDef abstract;
  abstract.kind = TypeKind::AbstractResource;
  TypeId imported = a.add(abstract);
  TypeDef concrete;
  concrete.kind = TypeKind::Resource;
  TypeId r1 = a.add(concrete);
  TypeId r2 = a.add(concrete);
  TypeId ownImported = add(a, TypeKind::Own, {}, imported);
  TypeId ownR1 = add(a, TypeKind::Own, {}, r1);
  TypeId ownR2 = add(a, TypeKind::Own, {}, r2);
  ResourceEquivalence resources;
  TypeMatcher m(a, resources);
  EXPECT_FALSE(m.valueType(ownImported, ownR1).ok());  // unrelated until bound
  ExternDesc want{Sort::Type, imported, ExternDesc::Bound::SubResource};
  ASSERT_TRUE(m.externDesc(want, ExternDesc{Sort::Type, r1, ExternDesc::Bound::Eq}).ok());
  EXPECT_TRUE(m.valueType(ownImported, ownR1).ok());
  EXPECT_EQ(m.valueType(ownR1, ownR2).error().message, "resource types are not the same");
  auto notResource =
      m.externDesc(want, ExternDesc{Sort::Type, prim(TypeKind::U8), ExternDesc::Bound::Eq});
  EXPECT_FALSE(notResource.ok());
}

TEST(ComponentValidatorNames, AnnotatedNamesNeedTheirResourceAndShape) {
  TypeArena a;
  TypeDef abstract;
  abstract.kind = TypeKind::AbstractResource;
  TypeId r = a.add(abstract);
  TypeId own = add(a, TypeKind::Own, {}, r);
  TypeId borrow = add(a, TypeKind::Borrow, {}, r);
  TypeId ctor = func(a, {}, own);
  TypeId method = func(a, {{"self", borrow}}, std::nullopt);
  TypeId noSelf = func(a, {{"x", borrow}}, std::nullopt);
  ResourceEquivalence resources;
  auto desc = [](Sort s, TypeId t) { return ExternDesc{s, t, ExternDesc::Bound::Eq}; };

  NameScope scope(a, resources, "import");
  EXPECT_FALSE(
      scope.add({"[constructor]r", "", ""}, desc(Sort::Func, ctor)).ok());  // r unnamed yet
  ASSERT_TRUE(
      scope.add({"r", "", ""}, ExternDesc{Sort::Type, r, ExternDesc::Bound::SubResource}).ok());
  EXPECT_TRUE(scope.add({"[constructor]r", "", ""}, desc(Sort::Func, ctor)).ok());
  EXPECT_TRUE(scope.add({"[method]r.m", "", ""}, desc(Sort::Func, method)).ok());
  EXPECT_EQ(scope.add({"[method]r.n", "", ""}, desc(Sort::Func, noSelf)).error().message,
            "function should have a first argument called `self`");
  EXPECT_NE(scope.add({"[static]q.s", "", ""}, desc(Sort::Func, method))
                .error()
                .message.find("not known"),
            std::string::npos);
  EXPECT_NE(scope.add({"[method]r.x", "", ""}, desc(Sort::Instance, kNoType))
                .error()
                .message.find("is not a func"),
            std::string::npos);
  EXPECT_NE(scope.add({"R", "", ""}, desc(Sort::Func, method)).error().message.find("conflicts"),
            std::string::npos);
}

}  // namespace
}  // namespace sable::cm::format
