// Reference-test constant forms to cm::Val: every form the manifests use, and bad forms.
#include "component_const.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "sable/component_wave.h"

namespace sable::cmwast {
namespace {

using cm::Val;

Val val(std::string_view text) {
  Result<SExpr> e = parseSExpr(text);
  EXPECT_TRUE(e.ok()) << text;
  if (!e) return Val();
  Result<Val> v = constToVal(*e);
  EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.error().toString());
  return v.ok() ? *v : Val();
}

TEST(ComponentWastConst, Scalars) {
  EXPECT_EQ(val("(bool.const true)"), Val::boolean(true));
  EXPECT_EQ(val("(s8.const -128)"), Val::s8(-128));
  EXPECT_EQ(val("(u8.const 255)"), Val::u8(255));
  EXPECT_EQ(val("(s16.const -1)"), Val::s16(-1));
  EXPECT_EQ(val("(u16.const 0xffff)"), Val::u16(0xffff));
  EXPECT_EQ(val("(s32.const 0x40)"), Val::s32(64));
  EXPECT_EQ(val("(u32.const 4_294_967_295)"), Val::u32(0xffffffffu));
  EXPECT_EQ(val("(s64.const -9223372036854775808)"), Val::s64(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(val("(u64.const 18446744073709551615)"), Val::u64(~0ull));
  EXPECT_EQ(val("(f32.const 2)"), Val::f32(2.0f));
  EXPECT_EQ(val("(f64.const -0.5)"), Val::f64(-0.5));
  EXPECT_EQ(val("(f64.const inf)"), Val::f64(std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(std::isnan(val("(f32.const nan)").asF32()));
  EXPECT_EQ(val("(char.const \"🍰\")"), Val::character(U'🍰'));
  EXPECT_EQ(val("(str.const \"☃☺️öツ\")"), Val::string("☃☺️öツ"));
  EXPECT_EQ(val("(enum.const \"b\")"), Val::enumCase("b"));
}

TEST(ComponentWastConst, Aggregates) {
  EXPECT_EQ(val("(list.const)"), Val::list({}));
  EXPECT_EQ(val("(list.const (u8.const 1) (u8.const 2))"), Val::list({Val::u8(1), Val::u8(2)}));
  EXPECT_EQ(val("(tuple.const (str.const \"a\") (u32.const 1))"),
            Val::tuple({Val::string("a"), Val::u32(1)}));
  // Field values are written inline after the name.
  EXPECT_EQ(
      val("(record.const (field \"handle\" u8.const 0) (field \"event\" enum.const \"x\") "
          "(field \"l\" list.const (u8.const 1)))"),
      Val::record(
          {{"handle", Val::u8(0)}, {"event", Val::enumCase("x")}, {"l", Val::list({Val::u8(1)})}}));
  EXPECT_EQ(val("(record.const (field \"a\" (str.const \"x\")))"),
            Val::record({{"a", Val::string("x")}}));
  EXPECT_EQ(val("(flags.const \"a\" \"c\")"), Val::flags({"a", "c"}));
  EXPECT_EQ(val("(flags.const)"), Val::flags({}));
}

TEST(ComponentWastConst, Cases) {
  EXPECT_EQ(val("(variant.const \"c\")"), Val::variant("c"));
  EXPECT_EQ(val("(variant.const \"c\" (u8.const 3))"), Val::variant("c", Val::u8(3)));
  EXPECT_EQ(val("(option.none)"), Val::none());
  EXPECT_EQ(val("(option.some (u32.const 1))"), Val::some(Val::u32(1)));
  EXPECT_EQ(val("(result.ok)"), Val::ok());
  EXPECT_EQ(val("(result.ok (str.const \"x\"))"), Val::ok(Val::string("x")));
  EXPECT_EQ(val("(result.err (u32.const 2))"), Val::err(Val::u32(2)));
}

TEST(ComponentWastConst, BadFormsAreErrors) {
  for (std::string_view text :
       {"(u8.const 256)", "(s8.const -129)", "(u32.const x)", "(u32.const)", "(bool.const 1)",
        "(f32.const abc)", "(char.const \"ab\")", "(char.const 1)", "(str.const)",
        "(record.const (field x))", "(record.const (f \"a\" u8.const 1))", "(option.some)",
        "(option.none (u8.const 1))", "(variant.const)", "(flags.const a)", "(i32.const 1)",
        "(list.const 1)", "u8.const"}) {
    Result<SExpr> e = parseSExpr(text);
    ASSERT_TRUE(e.ok()) << text;
    EXPECT_FALSE(constToVal(*e).ok()) << "accepted: " << text;
  }
}

}  // namespace
}  // namespace sable::cmwast
