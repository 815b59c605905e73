// The decoded, validated description of a module: every section in a form the compiler and the
// instantiator read directly. Internal (embedders see Module::imports(), exports() and
// summary()); immutable once decodeModule returns it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sable/types.h"

namespace sable {

// A constant expression as WebAssembly 2.0 allows it: exactly one producing instruction.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet };

  Kind kind = Kind::I32;
  ValType type = ValType::I32;  // the type the expression produces
  uint32_t index = 0;           // function for RefFunc, global for GlobalGet
  uint64_t bits = 0;            // I32/I64 value, F32/F64 bit pattern, low half of V128
  uint64_t bitsHigh = 0;        // high half of V128
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t funcTypeIndex = 0;  // kind == Func
  TableType table;             // kind == Table
  MemoryType memory;           // kind == Memory
  GlobalType global;           // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

// Where a function's body sits in the module bytes (starting at its local declarations).
struct FunctionBody {
  uint32_t offset = 0;
  uint32_t size = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::Active;
  ValType elemType = ValType::FuncRef;
  uint32_t tableIndex = 0;  // Active only
  ConstExpr offset;         // Active only
  std::vector<ConstExpr> items;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // Active or Passive
  uint32_t memoryIndex = 0;                // Active only
  ConstExpr offset;                        // Active only
  uint32_t dataOffset = 0;                 // position of the bytes in ModuleInfo::bytes
  uint32_t dataSize = 0;
};

struct CustomSection {
  std::string name;
  uint32_t offset = 0;  // payload position in ModuleInfo::bytes (after the name)
  uint32_t size = 0;
};

// Debug names from the `name` custom section, kept for backtraces. A malformed name section is
// ignored, as the spec asks, rather than failing the module.
struct NameSection {
  std::string moduleName;
  std::vector<std::pair<uint32_t, std::string>> functionNames;  // sorted by function index
  struct LocalNames {
    uint32_t function = 0;
    std::vector<std::pair<uint32_t, std::string>> names;  // sorted by local index
  };
  std::vector<LocalNames> localNames;  // sorted by function index

  // The function's name, or nullptr.
  const std::string* functionName(uint32_t index) const;
};

struct ModuleInfo {
  std::vector<uint8_t> bytes;  // the module binary; bodies and segments point into it

  std::vector<FuncType> types;
  std::vector<Import> imports;
  // Function index space: imported functions first, then defined ones; each a type index.
  std::vector<uint32_t> functionTypes;
  std::vector<TableType> tables;     // imported first
  std::vector<MemoryType> memories;  // imported first
  std::vector<Global> globals;       // imported first (their init is unused)
  std::vector<Export> exports;
  std::optional<uint32_t> startFunction;
  std::vector<ElementSegment> elements;
  std::vector<DataSegment> data;
  std::optional<uint32_t> dataCount;
  std::vector<FunctionBody> bodies;  // one per defined function
  // The module's custom sections in order, found again in `bytes` on each call. No list is kept
  // while decoding: a module of millions of empty custom sections (3 bytes each) would have
  // taken about 20 times its size in memory (issue 11).
  std::vector<CustomSection> customSections() const;
  NameSection names;
  // Functions that may appear in ref.func inside bodies (C.refs in the spec).
  std::vector<bool> declaredFunctionRefs;

  uint32_t numImportedFunctions = 0;
  uint32_t numImportedTables = 0;
  uint32_t numImportedMemories = 0;
  uint32_t numImportedGlobals = 0;

  uint32_t numDefinedFunctions() const {
    return static_cast<uint32_t>(functionTypes.size()) - numImportedFunctions;
  }
  const FuncType& functionType(uint32_t funcIndex) const { return types[functionTypes[funcIndex]]; }
  std::span<const uint8_t> bodyBytes(uint32_t definedIndex) const {
    const FunctionBody& b = bodies[definedIndex];
    return {bytes.data() + b.offset, b.size};
  }
  // Size of the code section's function bodies, for throughput figures.
  uint64_t codeSize() const;
};

}  // namespace sable
