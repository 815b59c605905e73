// SpecValue: an argument or an expected result of a spec-test action, as wast2json writes it.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>

#include "parse_result.h"
#include "sable/types.h"

namespace sable::spec {

// How an expected floating-point value (or lane) must be matched: by its exact bits, or as any
// NaN of a class. Canonical NaNs have only the quiet bit set in the payload; arithmetic NaNs
// have at least the quiet bit set.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

// How a v128 constant's lanes were written in the script. Bits are the same either way; the
// lane type decides how a result is compared (NaN patterns apply per float lane) and printed.
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };

uint32_t laneCount(LaneType lane);
uint32_t laneBytes(LaneType lane);
const char* laneTypeName(LaneType lane);

// One WebAssembly value from a spec script. Arguments are always concrete; expected results may
// instead be NaN patterns (scalar or per lane). Numbers are kept as raw little-endian bits, so
// the execution stage can move them to and from value slots without any float conversion.
struct SpecValue {
  static constexpr uint32_t kMaxNanLanes = 4;  // f32x4 is the widest float lane split

  ValType type = ValType::I32;
  // I32/I64 value or F32/F64 bit pattern (I32/F32 in the low 32 bits). Zero for a NaN pattern.
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;  // F32/F64 only

  // V128 only: the 16 bytes in memory order, the lane split the script used, and per-lane NaN
  // patterns for f32/f64 lanes (lanes with a pattern have zero bits).
  std::array<uint8_t, 16> v128{};
  LaneType laneType = LaneType::I32;
  std::array<NanPattern, kMaxNanLanes> laneNans{};

  // FuncRef/ExternRef only. Non-null externrefs carry the host value the script chose
  // (`ref.extern N`) in `bits`.
  bool isNull = false;

  static SpecValue i32(uint32_t value);
  static SpecValue i64(uint64_t value);
  static SpecValue f32Bits(uint32_t bits);
  static SpecValue f64Bits(uint64_t bits);
  static SpecValue v128Bytes(std::span<const uint8_t, 16> bytes, LaneType lane = LaneType::I32);
  static SpecValue nullRef(ValType refType);
  static SpecValue externRef(uint64_t hostValue);

  // True for an expected value that stands for a set of results rather than one value.
  bool isPattern() const;

  // Whether `actual` (a concrete result produced by the engine) satisfies this expectation:
  // bitwise equality, NaN classes where a pattern is given, reference identity for refs.
  bool matches(const SpecValue& actual) const;

  // "i32:42", "f32:nan:canonical", "v128:i16[0 1 ...]", "externref:null"; for failure reports.
  std::string toString() const;
};

// Parses one value object such as {"type": "i32", "value": "42"} or
// {"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "0", "0", "0"]}.
// NaN patterns are only accepted when `allowPatterns` (expected results, not arguments).
ParseResult<SpecValue> parseSpecValue(const nlohmann::json& value, bool allowPatterns);

// Parses the type name of a value object ("i32", "funcref", ...). assert_trap and
// assert_exhaustion list their result types without values.
ParseResult<ValType> parseSpecValueType(std::string_view name);

// The script's spelling of a type ("i32", "funcref"): the inverse of parseSpecValueType.
const char* specTypeName(ValType type);

}  // namespace sable::spec
