#include "spec_execution.h"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "arch/simd_messages.h"
#include "spec_runner.h"
#include "spec_suite.h"

namespace sable::spec {
namespace {

SpecValue expectedValue(const char* text) {
  auto value = parseSpecValue(nlohmann::json::parse(text), /*allowPatterns=*/true);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? value.value() : SpecValue{};
}

TEST(SpecExecutionTest, HostRefsAreDistinctStableAndNonNull) {
  HostRefTable table;
  void* zero = table.pointerFor(0);
  void* one = table.pointerFor(1);
  EXPECT_NE(zero, nullptr);  // ref.extern 0 is not ref.null extern
  EXPECT_NE(zero, one);
  EXPECT_EQ(table.pointerFor(0), zero);
  for (uint64_t i = 2; i < 1000; ++i) table.pointerFor(i);  // growing keeps old pointers valid
  EXPECT_EQ(table.pointerFor(1), one);
  EXPECT_EQ(table.hostValueOf(one), 1u);
  EXPECT_EQ(table.hostValueOf(zero), 0u);
  int unrelated = 0;
  EXPECT_FALSE(table.hostValueOf(&unrelated).has_value());
  EXPECT_NE(table.pointerFor(~uint64_t{0}), nullptr);
}

TEST(SpecExecutionTest, ArgumentsKeepTheirBits) {
  HostRefTable table;
  auto i32 = toApiValue(SpecValue::i32(0xFFFFFFFFu), table);
  ASSERT_TRUE(i32.ok());
  EXPECT_EQ(i32->type(), ValType::I32);
  EXPECT_EQ(i32->asI32(), -1);
  auto i64 = toApiValue(SpecValue::i64(0x8000000000000000ull), table);
  EXPECT_EQ(i64->asI64(), INT64_MIN);
  // A signalling NaN must reach the function unchanged.
  auto f32 = toApiValue(SpecValue::f32Bits(0x7FA00001u), table);
  EXPECT_EQ(f32->type(), ValType::F32);
  EXPECT_EQ(f32->asF32Bits(), 0x7FA00001u);
  auto f64 = toApiValue(SpecValue::f64Bits(0xFFF0000000000001ull), table);
  EXPECT_EQ(f64->asF64Bits(), 0xFFF0000000000001ull);

  std::array<uint8_t, 16> bytes{};
  for (uint8_t i = 0; i < 16; ++i) bytes[i] = static_cast<uint8_t>(i + 1);
  auto v128 = toApiValue(SpecValue::v128Bytes(bytes, LaneType::I8), table);
  EXPECT_EQ(v128->type(), ValType::V128);
  EXPECT_EQ(v128->asV128(), bytes);
}

TEST(SpecExecutionTest, ReferenceArguments) {
  HostRefTable table;
  auto funcNull = toApiValue(SpecValue::nullRef(ValType::FuncRef), table);
  ASSERT_TRUE(funcNull.ok());
  EXPECT_EQ(funcNull->type(), ValType::FuncRef);
  EXPECT_TRUE(funcNull->isNullRef());
  auto externNull = toApiValue(SpecValue::nullRef(ValType::ExternRef), table);
  EXPECT_EQ(externNull->type(), ValType::ExternRef);
  EXPECT_TRUE(externNull->isNullRef());
  auto extern0 = toApiValue(SpecValue::externRef(0), table);
  EXPECT_EQ(extern0->type(), ValType::ExternRef);
  EXPECT_FALSE(extern0->isNullRef());
  EXPECT_EQ(extern0->asExternref(), table.pointerFor(0));

  SpecValue nonNullFunc;
  nonNullFunc.type = ValType::FuncRef;
  EXPECT_FALSE(toApiValue(nonNullFunc, table).ok());
  EXPECT_FALSE(
      toApiValue(expectedValue(R"({"type": "f32", "value": "nan:canonical"})"), table).ok());
}

TEST(SpecExecutionTest, ExternRefsRoundTripByIdentity) {
  HostRefTable table;
  Value passed = toApiValue(SpecValue::externRef(7), table).value();
  toApiValue(SpecValue::externRef(8), table).value();
  auto back = fromApiValue(passed, table);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(SpecValue::externRef(7).matches(*back));
  EXPECT_FALSE(SpecValue::externRef(8).matches(*back));
  EXPECT_FALSE(SpecValue::nullRef(ValType::ExternRef).matches(*back));

  auto null = fromApiValue(Value::nullRef(ValType::ExternRef), table);
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(SpecValue::nullRef(ValType::ExternRef).matches(*null));
  EXPECT_FALSE(SpecValue::externRef(0).matches(*null));

  int foreign = 0;
  auto unknown = fromApiValue(Value::externref(&foreign), table);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().find("no host reference"), std::string::npos);
}

TEST(SpecExecutionTest, FuncRefResultsCompareByNullness) {
  HostRefTable table;
  auto null = fromApiValue(Value::nullRef(ValType::FuncRef), table);
  ASSERT_TRUE(null.ok());
  EXPECT_TRUE(null->isNull);
  EXPECT_TRUE(SpecValue::nullRef(ValType::FuncRef).matches(*null));
  // A non-null funcref result (the payload is the store's function record; any non-zero value
  // stands for one here).
  auto func = fromApiValue(Value::fromBits(ValType::FuncRef, 0x1000, 0), table);
  ASSERT_TRUE(func.ok());
  EXPECT_FALSE(func->isNull);
  EXPECT_FALSE(SpecValue::nullRef(ValType::FuncRef).matches(*func));
  SpecValue anyFunc;
  anyFunc.type = ValType::FuncRef;
  EXPECT_TRUE(anyFunc.matches(*func));
  EXPECT_FALSE(SpecValue::nullRef(ValType::ExternRef).matches(*null));
}

TEST(SpecExecutionTest, CompareResultsBitwiseAndNanPatterns) {
  HostRefTable table;
  std::vector<SpecValue> expected = {SpecValue::i32(1),
                                     expectedValue(R"({"type": "f32", "value": "nan:canonical"})"),
                                     SpecValue::f64Bits(0x8000000000000000ull)};
  std::vector<Value> actual = {Value::i32(1), Value::f32Bits(0xFFC00000u),
                               Value::f64Bits(0x8000000000000000ull)};
  EXPECT_EQ(compareResults(expected, actual, table), "");

  actual[1] = Value::f32Bits(0x7FC00001u);  // arithmetic, not canonical
  std::string problem = compareResults(expected, actual, table);
  EXPECT_NE(problem.find("result 1: expected f32:nan:canonical"), std::string::npos) << problem;
  actual[1] = Value::f32Bits(0x7FC00000u);
  actual[2] = Value::f64Bits(0);  // +0.0 where -0.0 was expected
  problem = compareResults(expected, actual, table);
  EXPECT_NE(problem.find("result 2"), std::string::npos) << problem;

  // Same bits, wrong type.
  std::vector<SpecValue> oneI64 = {SpecValue::i64(5)};
  std::vector<Value> oneI32 = {Value::i32(5)};
  EXPECT_NE(compareResults(oneI64, oneI32, table), "");
  // Wrong count.
  problem = compareResults(oneI64, {}, table);
  EXPECT_NE(problem.find("expected 1 results"), std::string::npos) << problem;
  EXPECT_EQ(compareResults({}, {}, table), "");
}

TEST(SpecExecutionTest, CompareV128PerLane) {
  HostRefTable table;
  SpecValue expected = expectedValue(R"({"type": "v128", "lane_type": "f32", "value":
      ["nan:arithmetic", "1065353216", "nan:canonical", "2147483648"]})");
  V128 bytes{};
  auto put = [&](int lane, uint32_t bits) { std::memcpy(bytes.data() + 4 * lane, &bits, 4); };
  put(0, 0x7FC01234u);
  put(1, 0x3F800000u);
  put(2, 0xFFC00000u);
  put(3, 0x80000000u);
  std::vector<SpecValue> expectations = {expected};
  std::vector<Value> actual = {Value::v128(bytes)};
  EXPECT_EQ(compareResults(expectations, actual, table), "");
  put(3, 0);  // -0.0 lane became +0.0
  actual[0] = Value::v128(bytes);
  std::string problem = compareResults(expectations, actual, table);
  // The result is printed with the script's lane split so the lanes line up.
  EXPECT_NE(problem.find("got v128:f32["), std::string::npos) << problem;
  put(3, 0x80000000u);
  put(0, 0x7F800001u);  // signalling NaN is not arithmetic
  actual[0] = Value::v128(bytes);
  EXPECT_NE(compareResults(expectations, actual, table), "");
}

TEST(SpecExecutionTest, TrapMessagesAgreeLoosely) {
  EXPECT_TRUE(trapMessageAgrees("integer divide by zero", "integer divide by zero"));
  EXPECT_TRUE(trapMessageAgrees("uninitialized element", "uninitialized element 2"));
  EXPECT_TRUE(trapMessageAgrees("out of bounds memory access",
                                "out of bounds memory access\nwasm backtrace:\n  #0 f"));
  EXPECT_TRUE(trapMessageAgrees("undefined element 7", "undefined element"));
  EXPECT_TRUE(trapMessageAgrees("", "unreachable"));
  EXPECT_FALSE(trapMessageAgrees("integer overflow", "integer divide by zero"));
  EXPECT_FALSE(trapMessageAgrees("unreachable", ""));
}

TEST(SpecExecutionTest, ExclusionByPrefix) {
  std::vector<std::string> prefixes = {"simd_", "table_"};
  EXPECT_EQ(exclusionReason("simd_address.wast", prefixes), "SIMD not compiled yet");
  EXPECT_EQ(exclusionReason("table_copy.wast", prefixes),
            "name starts with --exclude-prefix table_");
  EXPECT_FALSE(exclusionReason("address.wast", prefixes).has_value());
  EXPECT_FALSE(exclusionReason("my_simd_.wast", prefixes).has_value());
  EXPECT_FALSE(exclusionReason("simd_address.wast", {}).has_value());
}

TEST(SpecExecutionTest, SimdUnsupportedReasonIsTheMessageFromItsMarker) {
  const Error notCompiled{ErrorKind::Unsupported, 0x42,
                          "function 3: SIMD operator not compiled: i8x16.popcnt\nmore"};
  EXPECT_EQ(simdUnsupportedReason(notCompiled), "SIMD operator not compiled: i8x16.popcnt");
  const Error unavailable{ErrorKind::Unsupported, 0,
                          std::string("function 0: ") + arch::kSimdUnavailableMessage};
  EXPECT_EQ(simdUnsupportedReason(unavailable), arch::kSimdUnavailableMessage);
  // Another Unsupported, or the marker under another kind, is not a SIMD skip.
  EXPECT_FALSE(simdUnsupportedReason(
      Error{ErrorKind::Unsupported, 0, "its frame of 1 bytes exceeds the limit"}));
  EXPECT_FALSE(simdUnsupportedReason(
      Error{ErrorKind::Invalid, 0, "SIMD operator not compiled: i8x16.popcnt"}));
}

}  // namespace
}  // namespace sable::spec
