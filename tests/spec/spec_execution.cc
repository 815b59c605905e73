#include "spec_execution.h"

#include <cstdio>
#include <cstring>

namespace sable::spec {
namespace {

std::string pointerText(const void* pointer) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%p", pointer);
  return buffer;
}

}  // namespace

void* HostRefTable::pointerFor(uint64_t hostValue) {
  auto it = byValue_.find(hostValue);
  if (it != byValue_.end()) return it->second;
  void* pointer = &cells_.emplace_back(hostValue);
  byValue_.emplace(hostValue, pointer);
  byPointer_.emplace(pointer, hostValue);
  return pointer;
}

std::optional<uint64_t> HostRefTable::hostValueOf(const void* pointer) const {
  auto it = byPointer_.find(pointer);
  if (it == byPointer_.end()) return std::nullopt;
  return it->second;
}

ParseResult<Value> toApiValue(const SpecValue& value, HostRefTable& hostRefs) {
  using Fail = ParseResult<Value>;
  if (value.isPattern()) return Fail::failure("a NaN pattern cannot be an argument");
  switch (value.type) {
    case ValType::I32:
      return Value::i32(static_cast<int32_t>(static_cast<uint32_t>(value.bits)));
    case ValType::I64:
      return Value::i64(static_cast<int64_t>(value.bits));
    case ValType::F32:
      return Value::f32Bits(static_cast<uint32_t>(value.bits));
    case ValType::F64:
      return Value::f64Bits(value.bits);
    case ValType::V128: {
      V128 bytes;
      std::memcpy(bytes.data(), value.v128.data(), bytes.size());
      return Value::v128(bytes);
    }
    case ValType::FuncRef:
      if (value.isNull) return Value::nullRef(ValType::FuncRef);
      return Fail::failure("a script cannot pass a non-null funcref");
    case ValType::ExternRef:
      if (value.isNull) return Value::nullRef(ValType::ExternRef);
      return Value::externref(hostRefs.pointerFor(value.bits));
  }
  return Fail::failure("unhandled value type");
}

ParseResult<SpecValue> fromApiValue(const Value& value, const HostRefTable& hostRefs) {
  using Fail = ParseResult<SpecValue>;
  switch (value.type()) {
    case ValType::I32:
      return SpecValue::i32(static_cast<uint32_t>(value.asI32()));
    case ValType::I64:
      return SpecValue::i64(static_cast<uint64_t>(value.asI64()));
    case ValType::F32:
      return SpecValue::f32Bits(value.asF32Bits());
    case ValType::F64:
      return SpecValue::f64Bits(value.asF64Bits());
    case ValType::V128: {
      V128 bytes = value.asV128();
      return SpecValue::v128Bytes(std::span<const uint8_t, 16>(bytes.data(), 16));
    }
    case ValType::FuncRef: {
      if (value.isNullRef()) return SpecValue::nullRef(ValType::FuncRef);
      SpecValue result;
      result.type = ValType::FuncRef;
      return result;
    }
    case ValType::ExternRef: {
      if (value.isNullRef()) return SpecValue::nullRef(ValType::ExternRef);
      std::optional<uint64_t> hostValue = hostRefs.hostValueOf(value.asExternref());
      if (!hostValue) {
        return Fail::failure("externref " + pointerText(value.asExternref()) +
                             " is no host reference the script created");
      }
      return SpecValue::externRef(*hostValue);
    }
  }
  return Fail::failure("result of unknown type " + std::to_string(static_cast<int>(value.type())));
}

std::string describeValues(std::span<const SpecValue> values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i != 0) text += ", ";
    text += values[i].toString();
  }
  return text + ']';
}

std::string describeValues(std::span<const Value> values, const HostRefTable& hostRefs) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i != 0) text += ", ";
    ParseResult<SpecValue> value = fromApiValue(values[i], hostRefs);
    text += value ? value->toString() : values[i].toString();
  }
  return text + ']';
}

std::string compareResults(std::span<const SpecValue> expected, std::span<const Value> actual,
                           const HostRefTable& hostRefs) {
  if (expected.size() != actual.size()) {
    return "expected " + std::to_string(expected.size()) + " results " + describeValues(expected) +
           ", got " + std::to_string(actual.size()) + " " + describeValues(actual, hostRefs);
  }
  std::string mismatches;
  for (size_t i = 0; i < expected.size(); ++i) {
    ParseResult<SpecValue> got = fromApiValue(actual[i], hostRefs);
    std::string problem;
    if (!got) {
      problem = "expected " + expected[i].toString() + ", got " + got.error();
    } else if (!expected[i].matches(*got)) {
      SpecValue shown = *got;
      // Print a v128 result with the lane split the script used, so lanes line up.
      if (shown.type == ValType::V128) shown.laneType = expected[i].laneType;
      problem = "expected " + expected[i].toString() + ", got " + shown.toString();
    }
    if (problem.empty()) continue;
    if (!mismatches.empty()) mismatches += "; ";
    if (expected.size() > 1) mismatches += "result " + std::to_string(i) + ": ";
    mismatches += problem;
  }
  return mismatches;
}

bool trapMessageAgrees(std::string_view expected, std::string_view actual) {
  if (expected.empty()) return true;
  // The runtime appends a backtrace on later lines; only the first line is the message.
  actual = actual.substr(0, actual.find('\n'));
  return actual.find(expected) != std::string_view::npos ||
         (!actual.empty() && expected.find(actual) != std::string_view::npos);
}

}  // namespace sable::spec
