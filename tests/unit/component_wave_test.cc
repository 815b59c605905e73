// WAVE text for cm::Val: printing, parsing against a shape, round trips, invocations, and
// malformed text (errors with offsets, never a crash).
#include "sable/component_wave.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace sable::cm {
namespace {

ValShape scalar(ValKind kind) { return ValShape::scalar(kind); }

ValShape pointShape() {
  return ValShape::record({{"x", scalar(ValKind::S32)}, {"label", scalar(ValKind::String)}});
}

ValShape shapeWithPayloads() {
  return ValShape::variant({{"empty", {}}, {"num", {scalar(ValKind::U8)}}, {"none", {}}});
}

Val parseOk(std::string_view text, const ValShape& shape) {
  Result<Val> v = parseWave(text, shape);
  EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.error().toString());
  return v.ok() ? *v : Val();
}

TEST(ComponentWavePrint, Scalars) {
  EXPECT_EQ(toWave(Val::boolean(true)), "true");
  EXPECT_EQ(toWave(Val::s8(-128)), "-128");
  EXPECT_EQ(toWave(Val::u8(255)), "255");
  EXPECT_EQ(toWave(Val::s64(std::numeric_limits<int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(toWave(Val::u64(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(toWave(Val::character(U'x')), "'x'");
  EXPECT_EQ(toWave(Val::character(U'\'')), "'\\''");
  EXPECT_EQ(toWave(Val::character(U'☃')), "'☃'");
}

TEST(ComponentWavePrint, StringsAreEscaped) {
  EXPECT_EQ(toWave(Val::string("a\"b\\c\n\t\r")), "\"a\\\"b\\\\c\\n\\t\\r\"");
  EXPECT_EQ(toWave(Val::string("it's")), "\"it's\"");
  EXPECT_EQ(toWave(Val::string(std::string("\x01", 1))), "\"\\u{1}\"");
  EXPECT_EQ(toWave(Val::string("☃☺️öツ")), "\"☃☺️öツ\"");
}

TEST(ComponentWavePrint, FloatsAreShortestRoundTrip) {
  EXPECT_EQ(toWave(Val::f32(1.5f)), "1.5");
  EXPECT_EQ(toWave(Val::f32(0.1f)), "0.1");
  EXPECT_EQ(toWave(Val::f64(0.1)), "0.1");
  EXPECT_EQ(toWave(Val::f64(3.0)), "3");
  EXPECT_EQ(toWave(Val::f64(-0.0)), "-0");
  EXPECT_EQ(toWave(Val::f32(std::numeric_limits<float>::quiet_NaN())), "nan");
  EXPECT_EQ(toWave(Val::f64(std::numeric_limits<double>::infinity())), "inf");
  EXPECT_EQ(toWave(Val::f64(-std::numeric_limits<double>::infinity())), "-inf");
}

TEST(ComponentWavePrint, Aggregates) {
  EXPECT_EQ(toWave(Val::list({Val::u32(1), Val::u32(2)})), "[1, 2]");
  EXPECT_EQ(toWave(Val::list({})), "[]");
  const uint8_t bytes[] = {1, 255};
  EXPECT_EQ(toWave(Val::bytes(bytes)), "[1, 255]");  // a compact list prints the same
  const char32_t chars[] = {U'a', U'☃'};
  EXPECT_EQ(toWave(Val::listOf<char32_t>(chars)), "['a', '☃']");
  EXPECT_EQ(parseOk("[1, 255]", ValShape::list(scalar(ValKind::U8))), Val::bytes(bytes));
  EXPECT_EQ(toWave(Val::tuple({Val::u32(1), Val::string("x")})), "(1, \"x\")");
  EXPECT_EQ(toWave(Val::record({{"a", Val::u32(1)}, {"b", Val::string("x")}})), "{a: 1, b: \"x\"}");
  EXPECT_EQ(toWave(Val::flags({"a", "b"})), "{a, b}");
  EXPECT_EQ(toWave(Val::flags({})), "{}");
}

TEST(ComponentWavePrint, CasesOptionsAndResults) {
  EXPECT_EQ(toWave(Val::some(Val::u32(3))), "some(3)");
  EXPECT_EQ(toWave(Val::none()), "none");
  EXPECT_EQ(toWave(Val::ok()), "ok");
  EXPECT_EQ(toWave(Val::ok(Val::string("x"))), "ok(\"x\")");
  EXPECT_EQ(toWave(Val::err(Val::u8(2))), "err(2)");
  EXPECT_EQ(toWave(Val::err()), "err");
  EXPECT_EQ(toWave(Val::variant("num", Val::u8(7))), "num(7)");
  EXPECT_EQ(toWave(Val::variant("empty")), "empty");
  EXPECT_EQ(toWave(Val::enumCase("red")), "red");
  // A label spelled like a keyword keeps its meaning with WAVE's % prefix.
  EXPECT_EQ(toWave(Val::variant("none")), "%none");
  EXPECT_EQ(toWave(Val::record({{"true", Val::boolean(false)}})), "{%true: false}");
}

TEST(ComponentWaveParse, Scalars) {
  EXPECT_EQ(parseOk("true", scalar(ValKind::Bool)), Val::boolean(true));
  EXPECT_EQ(parseOk(" -128 ", scalar(ValKind::S8)), Val::s8(-128));
  EXPECT_EQ(parseOk("65535", scalar(ValKind::U16)), Val::u16(65535));
  EXPECT_EQ(parseOk("18446744073709551615", scalar(ValKind::U64)), Val::u64(~0ull));
  EXPECT_EQ(parseOk("1.5", scalar(ValKind::F32)), Val::f32(1.5f));
  EXPECT_EQ(parseOk("-2.5e3", scalar(ValKind::F64)), Val::f64(-2500.0));
  EXPECT_EQ(parseOk("7", scalar(ValKind::F64)), Val::f64(7.0));
  EXPECT_TRUE(std::isnan(parseOk("nan", scalar(ValKind::F64)).asF64()));
  EXPECT_EQ(parseOk("-inf", scalar(ValKind::F32)),
            Val::f32(-std::numeric_limits<float>::infinity()));
  EXPECT_EQ(parseOk("'\\u{1F370}'", scalar(ValKind::Char)), Val::character(U'🍰'));
  EXPECT_EQ(parseOk("'⛳'", scalar(ValKind::Char)), Val::character(U'⛳'));
  EXPECT_EQ(parseOk("\"a\\n\\\"\\u{263a}\"", scalar(ValKind::String)), Val::string("a\n\"☺"));
}

TEST(ComponentWaveParse, Aggregates) {
  EXPECT_EQ(parseOk("[1, 2, 3,]", ValShape::list(scalar(ValKind::U8))),
            Val::list({Val::u8(1), Val::u8(2), Val::u8(3)}));
  EXPECT_EQ(parseOk("[ ]", ValShape::list(scalar(ValKind::U8))), Val::list({}));
  EXPECT_EQ(parseOk("(1, \"x\")", ValShape::tuple({scalar(ValKind::U32), scalar(ValKind::String)})),
            Val::tuple({Val::u32(1), Val::string("x")}));
  // Fields in any order come out in the type's order.
  EXPECT_EQ(parseOk("{label: \"p\", x: -1}", pointShape()),
            Val::record({{"x", Val::s32(-1)}, {"label", Val::string("p")}}));
  EXPECT_EQ(parseOk("{b, a}", ValShape::flags({"a", "b", "c"})), Val::flags({"a", "b"}));
  EXPECT_EQ(parseOk("{}", ValShape::flags({"a"})), Val::flags({}));
}

TEST(ComponentWaveParse, OptionFieldsMayBeLeftOut) {
  ValShape shape = ValShape::record(
      {{"name", scalar(ValKind::String)}, {"age", ValShape::option(scalar(ValKind::U8))}});
  EXPECT_EQ(parseOk("{name: \"n\"}", shape),
            Val::record({{"name", Val::string("n")}, {"age", Val::none()}}));
  EXPECT_FALSE(parseWave("{age: some(1)}", shape).ok());
}

TEST(ComponentWaveParse, CasesOptionsAndResults) {
  EXPECT_EQ(parseOk("num(7)", shapeWithPayloads()), Val::variant("num", Val::u8(7)));
  EXPECT_EQ(parseOk("empty", shapeWithPayloads()), Val::variant("empty"));
  EXPECT_EQ(parseOk("%none", shapeWithPayloads()), Val::variant("none"));
  EXPECT_EQ(parseOk("green", ValShape::enumeration({"red", "green"})), Val::enumCase("green"));
  ValShape opt = ValShape::option(scalar(ValKind::U32));
  EXPECT_EQ(parseOk("some(5)", opt), Val::some(Val::u32(5)));
  EXPECT_EQ(parseOk("none", opt), Val::none());
  ValShape res = ValShape::result({scalar(ValKind::String)}, {});
  EXPECT_EQ(parseOk("ok(\"y\")", res), Val::ok(Val::string("y")));
  EXPECT_EQ(parseOk("err", res), Val::err());
  EXPECT_FALSE(parseWave("ok", res).ok());
  EXPECT_FALSE(parseWave("err(1)", res).ok());
}

TEST(ComponentWaveParse, RoundTripsThroughThePrinter) {
  ValShape shape = ValShape::list(ValShape::tuple({ValShape::option(pointShape()),
                                                   ValShape::result({scalar(ValKind::Char)}, {}),
                                                   shapeWithPayloads(), scalar(ValKind::F64)}));
  Val v = Val::list(
      {Val::tuple({Val::some(Val::record({{"x", Val::s32(3)}, {"label", Val::string("q\\\"")}})),
                   Val::ok(Val::character(U'\n')), Val::variant("none"),
                   Val::f64(0.30000000000000004)}),
       Val::tuple({Val::none(), Val::err(), Val::variant("num", Val::u8(0)), Val::f64(-1e300)})});
  EXPECT_EQ(parseOk(toWave(v), shape), v) << toWave(v);
}

// Each malformed text fails with a Usage error at a plausible offset, never a crash.
TEST(ComponentWaveParse, MalformedTextIsAnError) {
  struct Case {
    std::string_view text;
    ValShape shape;
  };
  const Case cases[] = {
      {"", scalar(ValKind::U8)},
      {"256", scalar(ValKind::U8)},
      {"-1", scalar(ValKind::U32)},
      {"+1", scalar(ValKind::U32)},
      {"1.5", scalar(ValKind::S32)},
      {"0x10", scalar(ValKind::U32)},
      {"1 2", scalar(ValKind::U32)},
      {"infinity", scalar(ValKind::F64)},
      {"1e999", scalar(ValKind::F32)},
      {"yes", scalar(ValKind::Bool)},
      {"''", scalar(ValKind::Char)},
      {"'ab'", scalar(ValKind::Char)},
      {"'\\u{D800}'", scalar(ValKind::Char)},
      {"'\\u{110000}'", scalar(ValKind::Char)},
      {"\"abc", scalar(ValKind::String)},
      {"\"a\\qb\"", scalar(ValKind::String)},
      {"\"\\u{zz}\"", scalar(ValKind::String)},
      {"\"\xff\"", scalar(ValKind::String)},
      {"\"\xc0\x80\"", scalar(ValKind::String)},
      {"[1, 2", ValShape::list(scalar(ValKind::U8))},
      {"[1 2]", ValShape::list(scalar(ValKind::U8))},
      {"[,]", ValShape::list(scalar(ValKind::U8))},
      {"(1)", ValShape::tuple({scalar(ValKind::U8), scalar(ValKind::U8)})},
      {"(1, 2, 3)", ValShape::tuple({scalar(ValKind::U8), scalar(ValKind::U8)})},
      {"{x: 1}", pointShape()},
      {"{x: 1, x: 2, label: \"\"}", pointShape()},
      {"{y: 1}", pointShape()},
      {"{x 1}", pointShape()},
      {"{a, a}", ValShape::flags({"a"})},
      {"{z}", ValShape::flags({"a"})},
      {"num", shapeWithPayloads()},
      {"empty(1)", shapeWithPayloads()},
      {"none", shapeWithPayloads()},
      {"other", shapeWithPayloads()},
      {"blue", ValShape::enumeration({"red"})},
      {"some", ValShape::option(scalar(ValKind::U8))},
      {"some(1", ValShape::option(scalar(ValKind::U8))},
      {"maybe", ValShape::result({}, {})},
  };
  for (const Case& c : cases) {
    Result<Val> v = parseWave(c.text, c.shape);
    ASSERT_FALSE(v.ok()) << "accepted: " << c.text;
    EXPECT_EQ(v.error().kind, ErrorKind::Usage) << c.text;
    EXPECT_LE(v.error().offset, c.text.size()) << c.text;
    EXPECT_NE(v.error().message.find("WAVE"), std::string::npos) << v.error().message;
  }
}

TEST(ComponentWaveParse, DeepNestingIsALimitNotAStackOverflow) {
  ValShape shape = scalar(ValKind::U8);
  for (uint32_t i = 0; i < kMaxWaveDepth + 10; ++i) shape = ValShape::list(std::move(shape));
  std::string text(kMaxWaveDepth + 10, '[');
  text += "1";
  text += std::string(kMaxWaveDepth + 10, ']');
  Result<Val> v = parseWave(text, shape);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::Limit);
}

TEST(ComponentWaveInvocation, SplitsNameAndArguments) {
  Result<WaveInvocation> call = parseWaveInvocation("handle-request()");
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->name, "handle-request");
  EXPECT_TRUE(call->args.empty());

  call = parseWaveInvocation(" ns:pkg/iface@1.0.0#f( [1, 2], {a: \"x,)\"}, ',', some((1, 2)) ,) ");
  ASSERT_TRUE(call.ok()) << call.error().toString();
  EXPECT_EQ(call->name, "ns:pkg/iface@1.0.0#f");
  ASSERT_EQ(call->args.size(), 4u);
  EXPECT_EQ(call->args[0], "[1, 2]");
  EXPECT_EQ(call->args[1], "{a: \"x,)\"}");
  EXPECT_EQ(call->args[2], "','");
  EXPECT_EQ(call->args[3], "some((1, 2))");
}

TEST(ComponentWaveInvocation, MalformedCallsAreErrors) {
  for (std::string_view text : {"", "f", "(1)", "f(1", "f(1))", "f(1) x", "f(,)", "f(1,,2)",
                                "f([1)", "f(\"a)", "f('\\", "my func()", "f(])"}) {
    Result<WaveInvocation> call = parseWaveInvocation(text);
    ASSERT_FALSE(call.ok()) << "accepted: " << text;
    EXPECT_EQ(call.error().kind, ErrorKind::Usage);
    EXPECT_LE(call.error().offset, text.size()) << text;
  }
}

TEST(ComponentWaveShapeText, ParsesTheTypeViewsText) {
  Result<ValShape> shape = parseValShape(
      "record { a: list<option<string>>, b: variant { x: tuple<u8, char>, y }, c: result<_, "
      "enum { p, q }>, d: flags { r, w }, e: result, f: result<f64> }");
  ASSERT_TRUE(shape.ok()) << shape.error().toString();
  Val v = parseOk("{a: [some(\"s\"), none], b: x((1, 'c')), c: err(q), d: {w}, e: ok, f: ok(1.5)}",
                  *shape);
  EXPECT_EQ(toWave(v),
            "{a: [some(\"s\"), none], b: x((1, 'c')), c: err(q), d: {w}, e: ok, f: ok(1.5)}");
  EXPECT_EQ(shape->children()[2].cases()[0].payload.size(), 0u);  // result<_, E>: no ok type
}

TEST(ComponentWaveShapeText, FunctionParameters) {
  Result<std::vector<ValShape>> params =
      parseFuncParamShapes("func(key: string, value: list<u8>) -> option<string>");
  ASSERT_TRUE(params.ok()) << params.error().toString();
  ASSERT_EQ(params->size(), 2u);
  EXPECT_EQ((*params)[0].kind(), ValKind::String);
  EXPECT_EQ((*params)[1].kind(), ValKind::List);
  params = parseFuncParamShapes("func()");
  ASSERT_TRUE(params.ok());
  EXPECT_TRUE(params->empty());
}

TEST(ComponentWaveShapeText, BadTypeTextIsAnError) {
  for (std::string_view text :
       {"", "u33", "list<u8", "list<>", "list<u8, u8>", "option<_>", "record { a }",
        "enum { a: u8 }", "tuple<u8> x", "record {", "result<u8, u8, u8>", "own<>"}) {
    Result<ValShape> shape = parseValShape(text);
    EXPECT_FALSE(shape.ok()) << "accepted: " << text;
  }
  std::string deep;
  for (int i = 0; i < 500; ++i) deep += "list<";
  deep += "u8" + std::string(500, '>');
  Result<ValShape> shape = parseValShape(deep);
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().kind, ErrorKind::Limit);
  EXPECT_FALSE(parseFuncParamShapes("func(a u8)").ok());
  EXPECT_FALSE(parseFuncParamShapes("fn(a: u8)").ok());
}

}  // namespace
}  // namespace sable::cm
