// WebAssembly's type vocabulary: value types, function types, limits and the extern types of
// imports and exports.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
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

// "i32", "funcref", ...
const char* valTypeName(ValType type);
// FuncRef or ExternRef.
bool isRefType(ValType type);
// I32, I64, F32 or F64.
bool isNumType(ValType type);
// Size in bytes of a value of this type in linear memory or a value slot.
uint32_t valTypeSize(ValType type);

// A function signature. Parameters and results share one array: most signatures are short and
// the decoder creates thousands of them, so one allocation instead of two.
class FuncType {
 public:
  // () -> (), or the type with these parameters and results.
  FuncType() = default;
  FuncType(std::span<const ValType> params, std::span<const ValType> results);

  // The parameter and result types, in order.
  std::span<const ValType> params() const { return {types_.data(), numParams_}; }
  std::span<const ValType> results() const {
    return {types_.data() + numParams_, types_.size() - numParams_};
  }

  // Same parameters and results.
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

// A table's element type and size limits.
struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
};

// A linear memory's size limits (in 64 KiB pages).
struct MemoryType {
  Limits limits;
};

// A global's value type and mutability.
struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
};

// The four kinds of things a module imports and exports, with their binary encodings.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

// "func", "table", "memory" or "global".
const char* externKindName(ExternKind kind);

// The type of something a module imports or exports: a function, table, memory or global type.
class ExternType {
 public:
  ExternType(FuncType type) : type_(std::move(type)) {}  // NOLINT: implicit by design
  ExternType(TableType type) : type_(type) {}            // NOLINT: implicit by design
  ExternType(MemoryType type) : type_(type) {}           // NOLINT: implicit by design
  ExternType(GlobalType type) : type_(type) {}           // NOLINT: implicit by design

  // Which of the four it is.
  ExternKind kind() const { return static_cast<ExternKind>(type_.index()); }
  // The type if it is of that kind, else null.
  const FuncType* func() const { return std::get_if<FuncType>(&type_); }
  const TableType* table() const { return std::get_if<TableType>(&type_); }
  const MemoryType* memory() const { return std::get_if<MemoryType>(&type_); }
  const GlobalType* global() const { return std::get_if<GlobalType>(&type_); }

  // "func (i32) -> ()", "table funcref {min 1}", "memory {min 1, max 2}", "global mut i64".
  std::string toString() const;

 private:
  // Alternative order matches ExternKind's encoding so kind() is the index.
  std::variant<FuncType, TableType, MemoryType, GlobalType> type_;
};

// One import of a module (Module::imports()), in the module's import order.
struct ImportType {
  std::string module;  // as the module gave it: escape it (sable/printable.h) before printing
  std::string name;    // likewise
  ExternType type;
};

// One export of a module (Module::exports()), in the module's export order.
struct ExportType {
  std::string name;  // as the module gave it: escape it (sable/printable.h) before printing
  ExternType type;
  uint32_t index = 0;  // in the module's index space of its kind (imports first)
};

// The size of a linear-memory page, and the most pages a 32-bit memory may have.
inline constexpr uint32_t kWasmPageSize = 65536;
inline constexpr uint32_t kMaxMemoryPages = 65536;  // 4 GiB for 32-bit memories

}  // namespace sable
