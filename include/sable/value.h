// Value: a typed WebAssembly value as the embedding API passes it (arguments, results,
// globals, table elements).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "sable/func.h"
#include "sable/types.h"

namespace sable {

// The 16 bytes of a v128, lane 0 first (little-endian, as in linear memory).
using V128 = std::array<uint8_t, 16>;

// One value of any WebAssembly type. Floats are kept as bit patterns so NaN payloads survive a
// round trip; references are a Func handle or a host pointer, null included.
class Value {
 public:
  Value() = default;  // i32 0

  // A value of each type (f32Bits/f64Bits from a bit pattern, NaN payloads kept).
  static Value i32(int32_t v) { return Value(ValType::I32, static_cast<uint32_t>(v), 0); }
  static Value i64(int64_t v) { return Value(ValType::I64, static_cast<uint64_t>(v), 0); }
  static Value f32(float v);
  static Value f64(double v);
  static Value f32Bits(uint32_t bits) { return Value(ValType::F32, bits, 0); }
  static Value f64Bits(uint64_t bits) { return Value(ValType::F64, bits, 0); }
  static Value v128(const V128& bytes);
  static Value funcref(Func f);
  static Value externref(void* hostPointer) {  // null is ref.null extern
    return Value(ValType::ExternRef, reinterpret_cast<uintptr_t>(hostPointer), 0);
  }
  // ref.null of a reference type.
  static Value nullRef(ValType refType) { return Value(refType, 0, 0); }
  // The zero value of `type` (0, +0.0, all-zero v128, null reference), as locals start.
  static Value zero(ValType type) { return Value(type, 0, 0); }

  // The value's type.
  ValType type() const { return type_; }

  // Accessors reinterpret the bits; call the one matching type().
  int32_t asI32() const { return static_cast<int32_t>(static_cast<uint32_t>(lo_)); }
  int64_t asI64() const { return static_cast<int64_t>(lo_); }
  float asF32() const;
  double asF64() const;
  uint32_t asF32Bits() const { return static_cast<uint32_t>(lo_); }
  uint64_t asF64Bits() const { return lo_; }
  V128 asV128() const;
  std::optional<Func> asFuncref() const;  // nullopt for ref.null func
  void* asExternref() const { return reinterpret_cast<void*>(static_cast<uintptr_t>(lo_)); }
  // A null reference (of either reference type).
  bool isNullRef() const { return isRefType(type_) && lo_ == 0; }

  // Internal: the raw payload (for funcref, the store's function record).
  static Value fromBits(ValType type, uint64_t lo, uint64_t hi) { return Value(type, lo, hi); }
  uint64_t bitsLo() const { return lo_; }
  uint64_t bitsHi() const { return hi_; }

  // Same type and same bits (so NaNs with equal payloads compare equal).
  friend bool operator==(const Value& a, const Value& b) {
    return a.type_ == b.type_ && a.lo_ == b.lo_ && a.hi_ == b.hi_;
  }

  // "i32:42", "f32:0x7fc00000", "funcref:null", for messages and tests.
  std::string toString() const;

 private:
  Value(ValType type, uint64_t lo, uint64_t hi) : lo_(lo), hi_(hi), type_(type) {}

  uint64_t lo_ = 0;
  uint64_t hi_ = 0;
  ValType type_ = ValType::I32;
};

}  // namespace sable
