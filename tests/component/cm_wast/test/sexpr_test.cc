// The reference-test s-expression reader: lists, atoms, strings with escapes, bad input.
#include "sexpr.h"

#include <gtest/gtest.h>

#include <string>

namespace sable::cmwast {
namespace {

TEST(ComponentWastSExpr, ReadsNestedListsAtomsAndStrings) {
  Result<SExpr> e = parseSExpr(
      " (assert_return (invoke \"f\" (u32.const 0x40)) (str.const \"a\\n\\u{263a}\\41\")) ");
  ASSERT_TRUE(e.ok()) << e.error().toString();
  EXPECT_EQ(e->head(), "assert_return");
  ASSERT_EQ(e->items.size(), 3u);
  const SExpr& invoke = e->items[1];
  EXPECT_EQ(invoke.head(), "invoke");
  EXPECT_TRUE(invoke.items[1].quoted);
  EXPECT_EQ(invoke.items[1].atom, "f");
  EXPECT_TRUE(invoke.items[2].items[1].is("0x40"));
  EXPECT_EQ(e->items[2].items[1].atom, "a\n☺A");
}

TEST(ComponentWastSExpr, BadTextIsAnError) {
  for (std::string_view text :
       {"", "(", ")", "(a", "(a))", "(\"abc)", "(\"\\u{zz}\")", "(\"\\q\")", "(a) b"}) {
    Result<SExpr> e = parseSExpr(text);
    EXPECT_FALSE(e.ok()) << text;
  }
}

TEST(ComponentWastSExpr, DeepNestingIsALimit) {
  std::string text(kMaxSExprDepth + 5, '(');
  text += std::string(kMaxSExprDepth + 5, ')');
  Result<SExpr> e = parseSExpr(text);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::Limit);
}

}  // namespace
}  // namespace sable::cmwast
