#include "spec_value.h"

#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

namespace sable::spec {
namespace {

constexpr uint32_t kF32QuietNan = 0x7FC00000u;
constexpr uint32_t kF32SignMask = 0x80000000u;
constexpr uint64_t kF64QuietNan = 0x7FF8000000000000ull;
constexpr uint64_t kF64SignMask = 0x8000000000000000ull;

// NaN classes are defined on the bits: canonical = exactly the quiet bit in the payload (either
// sign), arithmetic = exponent all ones and the quiet bit set.
bool f32MatchesNan(uint32_t bits, NanPattern pattern) {
  if (pattern == NanPattern::Canonical) return (bits & ~kF32SignMask) == kF32QuietNan;
  return (bits & kF32QuietNan) == kF32QuietNan;
}

bool f64MatchesNan(uint64_t bits, NanPattern pattern) {
  if (pattern == NanPattern::Canonical) return (bits & ~kF64SignMask) == kF64QuietNan;
  return (bits & kF64QuietNan) == kF64QuietNan;
}

const char* nanPatternName(NanPattern pattern) {
  return pattern == NanPattern::Canonical ? "nan:canonical" : "nan:arithmetic";
}

bool isFloatLane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

// Reads lane `index` of a little-endian v128 as an unsigned integer of the lane's width.
uint64_t readLane(const std::array<uint8_t, 16>& bytes, LaneType lane, uint32_t index) {
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + index * laneBytes(lane), laneBytes(lane));
  return value;
}

void writeLane(std::array<uint8_t, 16>& bytes, LaneType lane, uint32_t index, uint64_t value) {
  std::memcpy(bytes.data() + index * laneBytes(lane), &value, laneBytes(lane));
}

// wast2json writes every number as the unsigned decimal of its bit pattern.
ParseResult<uint64_t> parseBits(std::string_view text, uint64_t maxValue) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return ParseResult<uint64_t>::failure("not an unsigned decimal: \"" + std::string(text) + "\"");
  }
  if (value > maxValue) {
    return ParseResult<uint64_t>::failure("value " + std::string(text) + " exceeds " +
                                          std::to_string(maxValue));
  }
  return value;
}

NanPattern nanPatternOf(std::string_view text) {
  if (text == "nan:canonical") return NanPattern::Canonical;
  if (text == "nan:arithmetic") return NanPattern::Arithmetic;
  return NanPattern::None;
}

ParseResult<LaneType> parseLaneType(std::string_view name) {
  if (name == "i8") return LaneType::I8;
  if (name == "i16") return LaneType::I16;
  if (name == "i32") return LaneType::I32;
  if (name == "i64") return LaneType::I64;
  if (name == "f32") return LaneType::F32;
  if (name == "f64") return LaneType::F64;
  return ParseResult<LaneType>::failure("unknown lane_type \"" + std::string(name) + "\"");
}

uint64_t maxForBytes(uint32_t bytes) {
  return bytes == 8 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << (8 * bytes)) - 1;
}

ParseResult<SpecValue> parseV128(const nlohmann::json& object, bool allowPatterns) {
  using Fail = ParseResult<SpecValue>;
  auto laneTypeField = object.find("lane_type");
  if (laneTypeField == object.end() || !laneTypeField->is_string()) {
    return Fail::failure("v128 value without a lane_type");
  }
  auto lane = parseLaneType(laneTypeField->get<std::string>());
  if (!lane) return Fail::failure(lane.error());
  const nlohmann::json& lanes = object.at("value");
  if (!lanes.is_array() || lanes.size() != laneCount(*lane)) {
    return Fail::failure(std::string("v128 with lane_type ") + laneTypeName(*lane) + " needs " +
                         std::to_string(laneCount(*lane)) + " lane values");
  }
  SpecValue result;
  result.type = ValType::V128;
  result.laneType = *lane;
  for (uint32_t i = 0; i < laneCount(*lane); ++i) {
    if (!lanes[i].is_string()) return Fail::failure("v128 lane value is not a string");
    const std::string& text = lanes[i].get_ref<const std::string&>();
    NanPattern nan = nanPatternOf(text);
    if (nan != NanPattern::None) {
      if (!allowPatterns || !isFloatLane(*lane)) {
        return Fail::failure("NaN pattern \"" + text + "\" not allowed here");
      }
      result.laneNans[i] = nan;
      continue;
    }
    auto bits = parseBits(text, maxForBytes(laneBytes(*lane)));
    if (!bits) return Fail::failure("v128 lane " + std::to_string(i) + ": " + bits.error());
    writeLane(result.v128, *lane, i, *bits);
  }
  return result;
}

// One v128 lane: exact bits, or (f32/f64 lanes only) the NaN class the pattern names.
bool laneMatches(LaneType lane, uint64_t expected, NanPattern pattern, uint64_t actual) {
  if (pattern == NanPattern::None) return expected == actual;
  if (lane == LaneType::F32) return f32MatchesNan(static_cast<uint32_t>(actual), pattern);
  return f64MatchesNan(actual, pattern);
}

// Shortest decimal that reads back as the same float, for humans reading failure reports.
template <typename Float>
std::string floatText(Float value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string hexText(uint64_t value) {
  char buffer[32];
  buffer[0] = '0';
  buffer[1] = 'x';
  auto [end, error] = std::to_chars(buffer + 2, buffer + sizeof buffer, value, 16);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

}  // namespace

uint32_t laneCount(LaneType lane) { return 16 / laneBytes(lane); }

uint32_t laneBytes(LaneType lane) {
  switch (lane) {
    case LaneType::I8:
      return 1;
    case LaneType::I16:
      return 2;
    case LaneType::I32:
    case LaneType::F32:
      return 4;
    case LaneType::I64:
    case LaneType::F64:
      return 8;
  }
  return 4;
}

const char* laneTypeName(LaneType lane) {
  switch (lane) {
    case LaneType::I8:
      return "i8";
    case LaneType::I16:
      return "i16";
    case LaneType::I32:
      return "i32";
    case LaneType::I64:
      return "i64";
    case LaneType::F32:
      return "f32";
    case LaneType::F64:
      return "f64";
  }
  return "?";
}

SpecValue SpecValue::i32(uint32_t value) {
  SpecValue result;
  result.type = ValType::I32;
  result.bits = value;
  return result;
}

SpecValue SpecValue::i64(uint64_t value) {
  SpecValue result;
  result.type = ValType::I64;
  result.bits = value;
  return result;
}

SpecValue SpecValue::f32Bits(uint32_t bits) {
  SpecValue result;
  result.type = ValType::F32;
  result.bits = bits;
  return result;
}

SpecValue SpecValue::f64Bits(uint64_t bits) {
  SpecValue result;
  result.type = ValType::F64;
  result.bits = bits;
  return result;
}

SpecValue SpecValue::v128Bytes(std::span<const uint8_t, 16> bytes, LaneType lane) {
  SpecValue result;
  result.type = ValType::V128;
  result.laneType = lane;
  std::memcpy(result.v128.data(), bytes.data(), bytes.size());
  return result;
}

SpecValue SpecValue::nullRef(ValType refType) {
  SpecValue result;
  result.type = refType;
  result.isNull = true;
  return result;
}

SpecValue SpecValue::externRef(uint64_t hostValue) {
  SpecValue result;
  result.type = ValType::ExternRef;
  result.bits = hostValue;
  return result;
}

bool SpecValue::isPattern() const {
  if (nan != NanPattern::None) return true;
  for (NanPattern lane : laneNans) {
    if (lane != NanPattern::None) return true;
  }
  return false;
}

bool SpecValue::matches(const SpecValue& actual) const {
  if (type != actual.type) return false;
  switch (type) {
    case ValType::I32:
    case ValType::I64:
      return bits == actual.bits;
    case ValType::F32:
      return nan == NanPattern::None ? bits == actual.bits
                                     : f32MatchesNan(static_cast<uint32_t>(actual.bits), nan);
    case ValType::F64:
      return nan == NanPattern::None ? bits == actual.bits : f64MatchesNan(actual.bits, nan);
    case ValType::V128:
      for (uint32_t i = 0; i < laneCount(laneType); ++i) {
        NanPattern pattern = i < kMaxNanLanes ? laneNans[i] : NanPattern::None;
        if (!laneMatches(laneType, readLane(v128, laneType, i), pattern,
                         readLane(actual.v128, laneType, i))) {
          return false;
        }
      }
      return true;
    case ValType::FuncRef:
      // Function references have no identity a script can name, so a non-null expectation
      // (the spec's `ref.func` without an index) accepts any non-null function.
      return isNull == actual.isNull;
    case ValType::ExternRef:
      return isNull ? actual.isNull : !actual.isNull && bits == actual.bits;
  }
  return false;
}

std::string SpecValue::toString() const {
  std::string text = specTypeName(type);
  text += ':';
  switch (type) {
    case ValType::I32:
    case ValType::I64:
      return text + std::to_string(bits) + " (" + hexText(bits) + ")";
    case ValType::F32:
      if (nan != NanPattern::None) return text + nanPatternName(nan);
      return text + floatText(std::bit_cast<float>(static_cast<uint32_t>(bits))) + " (" +
             hexText(bits) + ")";
    case ValType::F64:
      if (nan != NanPattern::None) return text + nanPatternName(nan);
      return text + floatText(std::bit_cast<double>(bits)) + " (" + hexText(bits) + ")";
    case ValType::V128:
      text += laneTypeName(laneType);
      text += '[';
      for (uint32_t i = 0; i < laneCount(laneType); ++i) {
        if (i != 0) text += ' ';
        NanPattern lanePattern = i < kMaxNanLanes ? laneNans[i] : NanPattern::None;
        uint64_t lane = readLane(v128, laneType, i);
        if (lanePattern != NanPattern::None) {
          text += nanPatternName(lanePattern);
        } else if (laneType == LaneType::F32) {
          text += floatText(std::bit_cast<float>(static_cast<uint32_t>(lane)));
        } else if (laneType == LaneType::F64) {
          text += floatText(std::bit_cast<double>(lane));
        } else {
          text += std::to_string(lane);
        }
      }
      return text + ']';
    case ValType::FuncRef:
      return text + (isNull ? "null" : "non-null");
    case ValType::ExternRef:
      return text + (isNull ? "null" : std::to_string(bits));
  }
  return text + '?';
}

const char* specTypeName(ValType type) { return valTypeName(type); }

ParseResult<ValType> parseSpecValueType(std::string_view name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "v128") return ValType::V128;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  return ParseResult<ValType>::failure("unknown value type \"" + std::string(name) + "\"");
}

ParseResult<SpecValue> parseSpecValue(const nlohmann::json& value, bool allowPatterns) {
  using Fail = ParseResult<SpecValue>;
  if (!value.is_object()) return Fail::failure("value is not a JSON object");
  auto typeField = value.find("type");
  if (typeField == value.end() || !typeField->is_string()) {
    return Fail::failure("value without a type");
  }
  auto type = parseSpecValueType(typeField->get<std::string>());
  if (!type) return Fail::failure(type.error());
  auto valueField = value.find("value");
  if (valueField == value.end()) {
    return Fail::failure(std::string(specTypeName(*type)) + " value without a \"value\" field");
  }
  if (*type == ValType::V128) return parseV128(value, allowPatterns);
  if (!valueField->is_string()) return Fail::failure("\"value\" is not a string");
  const std::string& text = valueField->get_ref<const std::string&>();

  switch (*type) {
    case ValType::I32:
    case ValType::F32:
    case ValType::I64:
    case ValType::F64: {
      bool is32 = *type == ValType::I32 || *type == ValType::F32;
      bool isFloat = *type == ValType::F32 || *type == ValType::F64;
      SpecValue result;
      result.type = *type;
      NanPattern nan = nanPatternOf(text);
      if (nan != NanPattern::None) {
        if (!isFloat || !allowPatterns) {
          return Fail::failure("NaN pattern \"" + text + "\" not allowed here");
        }
        result.nan = nan;
        return result;
      }
      auto bits = parseBits(
          text, is32 ? std::numeric_limits<uint32_t>::max() : std::numeric_limits<uint64_t>::max());
      if (!bits) return Fail::failure(bits.error());
      result.bits = *bits;
      return result;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      if (text == "null") return SpecValue::nullRef(*type);
      auto hostValue = parseBits(text, std::numeric_limits<uint64_t>::max());
      if (!hostValue) return Fail::failure(hostValue.error());
      SpecValue result;
      result.type = *type;
      result.bits = *hostValue;
      return result;
    }
    case ValType::V128:
      break;  // handled above
  }
  return Fail::failure("unhandled value type");
}

}  // namespace sable::spec
