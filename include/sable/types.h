// WebAssembly's type vocabulary: value types, function types, limits and the extern types of
// imports and exports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sable {

// A value type, encoded as its binary-format byte so decoding is a range check, not a table.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

const char* valTypeName(ValType type);
bool isRefType(ValType type);
bool isNumType(ValType type);
// Size in bytes of a value of this type in linear memory or a value slot.
uint32_t valTypeSize(ValType type);

// A function signature. Parameters and results share one array: most signatures are short and
// the decoder creates thousands of them, so one allocation instead of two.
class FuncType {
 public:
  FuncType() = default;
  FuncType(std::span<const ValType> params, std::span<const ValType> results);

  std::span<const ValType> params() const { return {types_.data(), numParams_}; }
  std::span<const ValType> results() const {
    return {types_.data() + numParams_, types_.size() - numParams_};
  }

  friend bool operator==(const FuncType& a, const FuncType& b) {
    return a.numParams_ == b.numParams_ && a.types_ == b.types_;
  }

  // "(i32 i64) -> (f32)"
  std::string toString() const;

 private:
  std::vector<ValType> types_;
  uint32_t numParams_ = 0;
};

// Size limits of a table (in elements) or a memory (in 64 KiB pages).
struct Limits {
  uint64_t min = 0;
  uint64_t max = 0;
  bool hasMax = false;
};

struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
};

// The four kinds of things a module imports and exports, with their binary encodings.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

const char* externKindName(ExternKind kind);

inline constexpr uint32_t kWasmPageSize = 65536;
inline constexpr uint32_t kMaxMemoryPages = 65536;  // 4 GiB for 32-bit memories

}  // namespace sable
