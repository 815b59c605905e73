#include "spec_value.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sable::spec {
namespace {

using nlohmann::json;

SpecValue parseOk(const char* text, bool allowPatterns = true) {
  auto value = parseSpecValue(json::parse(text), allowPatterns);
  EXPECT_TRUE(value.ok()) << text << ": " << (value.ok() ? "" : value.error());
  return value.ok() ? value.value() : SpecValue{};
}

std::string parseError(const char* text, bool allowPatterns = true) {
  auto value = parseSpecValue(json::parse(text), allowPatterns);
  EXPECT_FALSE(value.ok()) << text << " parsed but should not";
  return value.ok() ? std::string() : value.error();
}

TEST(SpecValueTest, ParsesIntegersAsUnsignedBitPatterns) {
  SpecValue i32 = parseOk(R"({"type": "i32", "value": "4294967295"})");
  EXPECT_EQ(i32.type, ValType::I32);
  EXPECT_EQ(i32.bits, 0xFFFFFFFFu);
  SpecValue i64 = parseOk(R"({"type": "i64", "value": "18446744073709551615"})");
  EXPECT_EQ(i64.type, ValType::I64);
  EXPECT_EQ(i64.bits, ~uint64_t{0});
}

TEST(SpecValueTest, RejectsOutOfRangeAndNonDecimalNumbers) {
  EXPECT_NE(parseError(R"({"type": "i32", "value": "4294967296"})").find("exceeds"),
            std::string::npos);
  parseError(R"({"type": "i64", "value": "18446744073709551616"})");
  parseError(R"({"type": "i32", "value": "-1"})");
  parseError(R"({"type": "i32", "value": "0x10"})");
  parseError(R"({"type": "i32", "value": ""})");
  parseError(R"({"type": "i32", "value": "12 "})");
  parseError(R"({"type": "i32", "value": 12})");
}

TEST(SpecValueTest, ParsesFloatsAsBitPatterns) {
  SpecValue f32 = parseOk(R"({"type": "f32", "value": "2143289344"})");
  EXPECT_EQ(f32.type, ValType::F32);
  EXPECT_EQ(f32.bits, 0x7FC00000u);
  EXPECT_EQ(f32.nan, NanPattern::None);
  SpecValue f64 = parseOk(R"({"type": "f64", "value": "9221120237041090560"})");
  EXPECT_EQ(f64.bits, 0x7FF8000000000000u);
}

TEST(SpecValueTest, NanPatternsOnlyForExpectedFloats) {
  SpecValue canonical = parseOk(R"({"type": "f32", "value": "nan:canonical"})");
  EXPECT_EQ(canonical.nan, NanPattern::Canonical);
  EXPECT_TRUE(canonical.isPattern());
  SpecValue arithmetic = parseOk(R"({"type": "f64", "value": "nan:arithmetic"})");
  EXPECT_EQ(arithmetic.nan, NanPattern::Arithmetic);
  parseError(R"({"type": "f32", "value": "nan:canonical"})", /*allowPatterns=*/false);
  parseError(R"({"type": "i32", "value": "nan:canonical"})");
  parseError(R"({"type": "f32", "value": "nan:signalling"})");
}

TEST(SpecValueTest, ParsesV128LanesLittleEndian) {
  SpecValue v = parseOk(R"({"type": "v128", "lane_type": "i16",
      "value": ["1", "65535", "0", "0", "0", "0", "0", "258"]})");
  EXPECT_EQ(v.type, ValType::V128);
  EXPECT_EQ(v.laneType, LaneType::I16);
  EXPECT_EQ(v.v128[0], 1);
  EXPECT_EQ(v.v128[1], 0);
  EXPECT_EQ(v.v128[2], 0xFF);
  EXPECT_EQ(v.v128[3], 0xFF);
  EXPECT_EQ(v.v128[14], 2);
  EXPECT_EQ(v.v128[15], 1);

  SpecValue i8 = parseOk(R"({"type": "v128", "lane_type": "i8", "value":
      ["0", "128", "0", "128", "0", "128", "0", "128",
       "0", "128", "0", "128", "0", "128", "0", "255"]})");
  EXPECT_EQ(i8.v128[1], 128);
  EXPECT_EQ(i8.v128[15], 255);

  SpecValue i64 =
      parseOk(R"({"type": "v128", "lane_type": "i64", "value": ["9223372036854775807", "1"]})");
  EXPECT_EQ(i64.v128[7], 0x7F);
  EXPECT_EQ(i64.v128[8], 1);
}

TEST(SpecValueTest, RejectsBadV128) {
  parseError(R"({"type": "v128", "value": ["0", "0", "0", "0"]})");
  parseError(R"({"type": "v128", "lane_type": "i32", "value": ["0", "0", "0"]})");
  parseError(R"({"type": "v128", "lane_type": "i8", "value":
      ["256", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]})");
  parseError(R"({"type": "v128", "lane_type": "i32", "value":
      ["nan:canonical", "0", "0", "0"]})");
  parseError(R"({"type": "v128", "lane_type": "i128", "value": ["0"]})");
  parseError(R"({"type": "v128", "lane_type": "i32", "value": "0"})");
}

TEST(SpecValueTest, ParsesPerLaneNanPatterns) {
  SpecValue v = parseOk(R"({"type": "v128", "lane_type": "f32", "value":
      ["nan:canonical", "1065353216", "nan:arithmetic", "0"]})");
  EXPECT_EQ(v.laneNans[0], NanPattern::Canonical);
  EXPECT_EQ(v.laneNans[1], NanPattern::None);
  EXPECT_EQ(v.laneNans[2], NanPattern::Arithmetic);
  EXPECT_TRUE(v.isPattern());
  EXPECT_EQ(v.v128[7], 0x3F);  // lane 1 = 1.0f = 0x3F800000
  parseError(R"({"type": "v128", "lane_type": "f64", "value": ["nan:canonical", "0"]})",
             /*allowPatterns=*/false);
}

TEST(SpecValueTest, ParsesReferences) {
  SpecValue funcNull = parseOk(R"({"type": "funcref", "value": "null"})");
  EXPECT_EQ(funcNull.type, ValType::FuncRef);
  EXPECT_TRUE(funcNull.isNull);
  SpecValue externNull = parseOk(R"({"type": "externref", "value": "null"})");
  EXPECT_EQ(externNull.type, ValType::ExternRef);
  EXPECT_TRUE(externNull.isNull);
  SpecValue extern10 = parseOk(R"({"type": "externref", "value": "10"})");
  EXPECT_FALSE(extern10.isNull);
  EXPECT_EQ(extern10.bits, 10u);
  parseError(R"({"type": "externref", "value": "nil"})");
}

TEST(SpecValueTest, RejectsMissingOrUnknownFields) {
  parseError(R"({"type": "i32"})");
  parseError(R"({"value": "1"})");
  parseError(R"({"type": "anyref", "value": "null"})");
  parseError(R"(["i32", "1"])");
}

TEST(SpecValueTest, ValueTypeNames) {
  EXPECT_EQ(*parseSpecValueType("v128"), ValType::V128);
  EXPECT_EQ(*parseSpecValueType("externref"), ValType::ExternRef);
  EXPECT_FALSE(parseSpecValueType("i31ref").ok());
}

TEST(SpecValueTest, ScalarsMatchBitwise) {
  EXPECT_TRUE(SpecValue::i32(7).matches(SpecValue::i32(7)));
  EXPECT_FALSE(SpecValue::i32(7).matches(SpecValue::i32(8)));
  EXPECT_FALSE(SpecValue::i32(7).matches(SpecValue::i64(7)));
  // +0.0 and -0.0 compare equal as floats but are different results.
  EXPECT_FALSE(SpecValue::f32Bits(0x00000000).matches(SpecValue::f32Bits(0x80000000)));
  // A specific NaN payload must be reproduced exactly.
  EXPECT_TRUE(
      SpecValue::f64Bits(0x7FF0000000000001).matches(SpecValue::f64Bits(0x7FF0000000000001)));
  EXPECT_FALSE(
      SpecValue::f64Bits(0x7FF0000000000001).matches(SpecValue::f64Bits(0x7FF8000000000000)));
}

TEST(SpecValueTest, CanonicalNanMatchesOnlyTheQuietBitPayload) {
  SpecValue canonical = parseOk(R"({"type": "f32", "value": "nan:canonical"})");
  EXPECT_TRUE(canonical.matches(SpecValue::f32Bits(0x7FC00000)));
  EXPECT_TRUE(canonical.matches(SpecValue::f32Bits(0xFFC00000)));
  EXPECT_FALSE(canonical.matches(SpecValue::f32Bits(0x7FC00001)));
  EXPECT_FALSE(canonical.matches(SpecValue::f32Bits(0x7F800000)));  // infinity
  EXPECT_FALSE(canonical.matches(SpecValue::f64Bits(0x7FF8000000000000)));

  SpecValue canonical64 = parseOk(R"({"type": "f64", "value": "nan:canonical"})");
  EXPECT_TRUE(canonical64.matches(SpecValue::f64Bits(0xFFF8000000000000)));
  EXPECT_FALSE(canonical64.matches(SpecValue::f64Bits(0x7FF8000000000001)));
}

TEST(SpecValueTest, ArithmeticNanNeedsTheQuietBit) {
  SpecValue arithmetic = parseOk(R"({"type": "f32", "value": "nan:arithmetic"})");
  EXPECT_TRUE(arithmetic.matches(SpecValue::f32Bits(0x7FC00000)));
  EXPECT_TRUE(arithmetic.matches(SpecValue::f32Bits(0xFFC12345)));
  EXPECT_FALSE(arithmetic.matches(SpecValue::f32Bits(0x7F800001)));  // signalling
  EXPECT_FALSE(arithmetic.matches(SpecValue::f32Bits(0x3F800000)));

  SpecValue arithmetic64 = parseOk(R"({"type": "f64", "value": "nan:arithmetic"})");
  EXPECT_TRUE(arithmetic64.matches(SpecValue::f64Bits(0x7FFC000000000001)));
  EXPECT_FALSE(arithmetic64.matches(SpecValue::f64Bits(0x7FF4000000000000)));
}

TEST(SpecValueTest, V128MatchesPerLane) {
  SpecValue expected = parseOk(R"({"type": "v128", "lane_type": "f32", "value":
      ["nan:canonical", "1065353216", "nan:arithmetic", "0"]})");
  SpecValue actual = parseOk(R"({"type": "v128", "lane_type": "i32", "value":
      ["4290772992", "1065353216", "2143289345", "0"]})");
  EXPECT_TRUE(expected.matches(actual));
  actual.v128[12] = 1;  // lane 3 no longer +0.0
  EXPECT_FALSE(expected.matches(actual));

  SpecValue exact = parseOk(R"({"type": "v128", "lane_type": "i8", "value":
      ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"]})");
  SpecValue same = exact;
  same.laneType = LaneType::I64;  // how the engine labels its result does not matter
  EXPECT_TRUE(exact.matches(same));
  same.v128[15] = 0;
  EXPECT_FALSE(exact.matches(same));
}

TEST(SpecValueTest, ReferencesMatchByNullnessAndHostValue) {
  EXPECT_TRUE(
      SpecValue::nullRef(ValType::ExternRef).matches(SpecValue::nullRef(ValType::ExternRef)));
  EXPECT_FALSE(
      SpecValue::nullRef(ValType::ExternRef).matches(SpecValue::nullRef(ValType::FuncRef)));
  EXPECT_FALSE(SpecValue::nullRef(ValType::ExternRef).matches(SpecValue::externRef(0)));
  EXPECT_TRUE(SpecValue::externRef(10).matches(SpecValue::externRef(10)));
  EXPECT_FALSE(SpecValue::externRef(10).matches(SpecValue::externRef(11)));
  EXPECT_FALSE(SpecValue::externRef(0).matches(SpecValue::nullRef(ValType::ExternRef)));
}

TEST(SpecValueTest, ToStringIsReadable) {
  EXPECT_EQ(SpecValue::i32(42).toString(), "i32:42 (0x2a)");
  EXPECT_EQ(SpecValue::f32Bits(0x3FC00000).toString(), "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(parseOk(R"({"type": "f64", "value": "nan:arithmetic"})").toString(),
            "f64:nan:arithmetic");
  EXPECT_EQ(SpecValue::nullRef(ValType::FuncRef).toString(), "funcref:null");
  EXPECT_EQ(SpecValue::externRef(3).toString(), "externref:3");
  EXPECT_EQ(parseOk(R"({"type": "v128", "lane_type": "f64", "value":
      ["nan:canonical", "4607182418800017408"]})")
                .toString(),
            "v128:f64[nan:canonical 1]");
}

}  // namespace
}  // namespace sable::spec
