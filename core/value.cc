#include "sable/value.h"

#include <bit>
#include <cstdio>
#include <cstring>

namespace sable {

Value Value::f32(float v) { return f32Bits(std::bit_cast<uint32_t>(v)); }
Value Value::f64(double v) { return f64Bits(std::bit_cast<uint64_t>(v)); }

Value Value::v128(const V128& bytes) {
  uint64_t lo = 0;
  uint64_t hi = 0;
  std::memcpy(&lo, bytes.data(), 8);
  std::memcpy(&hi, bytes.data() + 8, 8);
  return Value(ValType::V128, lo, hi);
}

float Value::asF32() const { return std::bit_cast<float>(asF32Bits()); }
double Value::asF64() const { return std::bit_cast<double>(asF64Bits()); }

V128 Value::asV128() const {
  V128 bytes;
  std::memcpy(bytes.data(), &lo_, 8);
  std::memcpy(bytes.data() + 8, &hi_, 8);
  return bytes;
}

std::string Value::toString() const {
  char buf[64];
  switch (type_) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "i32:%d", asI32());
      break;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "i64:%lld", static_cast<long long>(asI64()));
      break;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "f32:0x%08x", asF32Bits());
      break;
    case ValType::F64:
      std::snprintf(buf, sizeof buf, "f64:0x%016llx", static_cast<unsigned long long>(lo_));
      break;
    case ValType::V128:
      std::snprintf(buf, sizeof buf, "v128:0x%016llx%016llx", static_cast<unsigned long long>(hi_),
                    static_cast<unsigned long long>(lo_));
      break;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (lo_ == 0) {
        std::snprintf(buf, sizeof buf, "%s:null", valTypeName(type_));
      } else {
        std::snprintf(buf, sizeof buf, "%s:0x%llx", valTypeName(type_),
                      static_cast<unsigned long long>(lo_));
      }
      break;
  }
  return buf;
}

}  // namespace sable
