// A tiny helper to assemble WebAssembly module binaries by hand in tests.
//
// Everything is a byte vector (`Bytes`); helpers return the encoding of one construct, `+`
// concatenates, and ModuleBytes appends sections with their sizes computed:
//
//   Bytes m = ModuleBytes()
//                 .typeSection({funcType({kI32}, {kI32})})
//                 .functionSection({0})
//                 .codeSection({funcBody(localGet(0) + Bytes{op::End})})
//                 .bytes();
//
// Nothing here validates anything: malformed encodings are the point. Use raw bytes, the
// `*Padded` LEB encoders (overlong encodings) and `ModuleBytes::sectionWithSize` (lying sizes)
// to build broken modules.
#pragma once

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace sable::test {

using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------------------------
// Concatenation

inline Bytes& operator+=(Bytes& a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
inline Bytes operator+(Bytes a, const Bytes& b) {
  a += b;
  return a;
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out += p;
  return out;
}
inline Bytes repeat(const Bytes& b, size_t n) {
  Bytes out;
  out.reserve(b.size() * n);
  for (size_t i = 0; i < n; ++i) out += b;
  return out;
}

// ---------------------------------------------------------------------------------------------
// LEB128 encoders

// Minimal unsigned LEB128.
inline Bytes u64(uint64_t v) {
  Bytes out;
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    out.push_back(byte);
  } while (v != 0);
  return out;
}
inline Bytes u32(uint32_t v) { return u64(v); }

// Minimal signed LEB128 (works for s32, s33 and s64 values alike).
inline Bytes s64(int64_t v) {
  Bytes out;
  while (true) {
    uint8_t byte = static_cast<uint8_t>(v & 0x7F);
    v >>= 7;  // arithmetic shift
    bool done = (v == 0 && (byte & 0x40) == 0) || (v == -1 && (byte & 0x40) != 0);
    if (!done) byte |= 0x80;
    out.push_back(byte);
    if (done) return out;
  }
}
inline Bytes s32(int32_t v) { return s64(v); }
inline Bytes s33(int64_t v) { return s64(v); }

// Unsigned LEB128 padded with continuation bytes to exactly `len` bytes (overlong encodings).
// The value must fit in 7*len bits.
inline Bytes u64Padded(uint64_t v, size_t len) {
  Bytes out;
  for (size_t i = 0; i < len; ++i) {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    if (i + 1 < len) byte |= 0x80;
    out.push_back(byte);
  }
  return out;
}
// Signed LEB128 padded with sign-extension bytes to exactly `len` bytes.
inline Bytes s64Padded(int64_t v, size_t len) {
  Bytes out;
  for (size_t i = 0; i < len; ++i) {
    uint8_t byte = static_cast<uint8_t>(v & 0x7F);
    v >>= 7;
    if (i + 1 < len) byte |= 0x80;
    out.push_back(byte);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Binary-format vocabulary

// Value types and block types.
inline constexpr uint8_t kI32 = 0x7F;
inline constexpr uint8_t kI64 = 0x7E;
inline constexpr uint8_t kF32 = 0x7D;
inline constexpr uint8_t kF64 = 0x7C;
inline constexpr uint8_t kV128 = 0x7B;
inline constexpr uint8_t kFuncRef = 0x70;
inline constexpr uint8_t kExternRef = 0x6F;
inline constexpr uint8_t kVoid = 0x40;  // empty block type
inline constexpr uint8_t kFuncForm = 0x60;

// Extern kinds (imports and exports).
inline constexpr uint8_t kExternFunc = 0x00;
inline constexpr uint8_t kExternTable = 0x01;
inline constexpr uint8_t kExternMemory = 0x02;
inline constexpr uint8_t kExternGlobal = 0x03;

inline constexpr uint8_t kConst = 0x00;
inline constexpr uint8_t kMut = 0x01;

// Section ids.
namespace sec {
inline constexpr uint8_t Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5,
                         Global = 6, Export = 7, Start = 8, Element = 9, Code = 10, Data = 11,
                         DataCount = 12;
}  // namespace sec

// Single-byte opcodes.
namespace op {
inline constexpr uint8_t Unreachable = 0x00, Nop = 0x01, Block = 0x02, Loop = 0x03, If = 0x04,
                         Else = 0x05, End = 0x0B, Br = 0x0C, BrIf = 0x0D, BrTable = 0x0E,
                         Return = 0x0F, Call = 0x10, CallIndirect = 0x11, Drop = 0x1A,
                         Select = 0x1B, SelectT = 0x1C, LocalGet = 0x20, LocalSet = 0x21,
                         LocalTee = 0x22, GlobalGet = 0x23, GlobalSet = 0x24, TableGet = 0x25,
                         TableSet = 0x26, I32Load = 0x28, I64Load = 0x29, F32Load = 0x2A,
                         F64Load = 0x2B, I32Load8S = 0x2C, I32Load8U = 0x2D, I32Load16S = 0x2E,
                         I32Load16U = 0x2F, I64Load8S = 0x30, I64Load32U = 0x35, I32Store = 0x36,
                         I64Store = 0x37, I32Store8 = 0x3A, I64Store32 = 0x3E, MemorySize = 0x3F,
                         MemoryGrow = 0x40, I32Const = 0x41, I64Const = 0x42, F32Const = 0x43,
                         F64Const = 0x44, I32Eqz = 0x45, I32Eq = 0x46, I32LtS = 0x48, I64Eqz = 0x50,
                         I32Add = 0x6A, I32Sub = 0x6B, I32Mul = 0x6C, I64Add = 0x7C, F32Add = 0x92,
                         F64Add = 0xA0, I32WrapI64 = 0xA7, RefNull = 0xD0, RefIsNull = 0xD1,
                         RefFunc = 0xD2, MiscPrefix = 0xFC, SimdPrefix = 0xFD;
}  // namespace op

// 0xFC-prefixed sub-opcodes.
namespace misc {
inline constexpr uint32_t MemoryInit = 8, DataDrop = 9, MemoryCopy = 10, MemoryFill = 11,
                          TableInit = 12, ElemDrop = 13, TableCopy = 14, TableGrow = 15,
                          TableSize = 16, TableFill = 17;
}  // namespace misc

// 0xFD-prefixed sub-opcodes.
namespace simd {
inline constexpr uint32_t V128Load = 0, V128Store = 11, V128Const = 12, I8x16Shuffle = 13,
                          I8x16Swizzle = 14, I8x16Splat = 15, I16x8Splat = 16, I32x4Splat = 17,
                          I64x2Splat = 18, F32x4Splat = 19, F64x2Splat = 20, I8x16ExtractLaneS = 21,
                          I8x16ExtractLaneU = 22, I8x16ReplaceLane = 23, I16x8ExtractLaneS = 24,
                          I16x8ExtractLaneU = 25, I16x8ReplaceLane = 26, I32x4ExtractLane = 27,
                          I32x4ReplaceLane = 28, I64x2ExtractLane = 29, I64x2ReplaceLane = 30,
                          F32x4ExtractLane = 31, F32x4ReplaceLane = 32, F64x2ExtractLane = 33,
                          F64x2ReplaceLane = 34, V128Not = 77, V128And = 78, V128Bitselect = 82,
                          V128AnyTrue = 83, V128Load8Lane = 84, V128Load16Lane = 85,
                          V128Load32Lane = 86, V128Load64Lane = 87, V128Store8Lane = 88,
                          I8x16Add = 110, I32x4Add = 174, F32x4Add = 228;
}  // namespace simd

// ---------------------------------------------------------------------------------------------
// Constructs

// A name: length-prefixed bytes (not checked for UTF-8, so tests can break it).
inline Bytes name(std::string_view s) {
  Bytes out = u32(static_cast<uint32_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
  return out;
}
// A name from raw bytes.
inline Bytes nameBytes(const Bytes& raw) { return u32(static_cast<uint32_t>(raw.size())) + raw; }

// vec(x): count + concatenated items.
inline Bytes vec(const std::vector<Bytes>& items) {
  Bytes out = u32(static_cast<uint32_t>(items.size()));
  for (const Bytes& item : items) out += item;
  return out;
}
inline Bytes vecU32(const std::vector<uint32_t>& items) {
  Bytes out = u32(static_cast<uint32_t>(items.size()));
  for (uint32_t item : items) out += u32(item);
  return out;
}
// vec(byte) where each byte is one item (value types).
inline Bytes vecBytes(const Bytes& items) {
  return u32(static_cast<uint32_t>(items.size())) + items;
}

inline Bytes funcType(const Bytes& params, const Bytes& results) {
  return Bytes{kFuncForm} + vecBytes(params) + vecBytes(results);
}

inline Bytes limits(uint32_t min) { return Bytes{0x00} + u32(min); }
inline Bytes limits(uint32_t min, uint32_t max) { return Bytes{0x01} + u32(min) + u32(max); }
inline Bytes tableType(uint8_t elemType, const Bytes& lim) { return Bytes{elemType} + lim; }

inline Bytes importFunc(std::string_view module, std::string_view field, uint32_t typeIndex) {
  return name(module) + name(field) + Bytes{kExternFunc} + u32(typeIndex);
}
inline Bytes importTable(std::string_view module, std::string_view field, uint8_t elemType,
                         const Bytes& lim) {
  return name(module) + name(field) + Bytes{kExternTable} + tableType(elemType, lim);
}
inline Bytes importMemory(std::string_view module, std::string_view field, const Bytes& lim) {
  return name(module) + name(field) + Bytes{kExternMemory} + lim;
}
inline Bytes importGlobal(std::string_view module, std::string_view field, uint8_t type,
                          uint8_t mut) {
  return name(module) + name(field) + Bytes{kExternGlobal, type, mut};
}

inline Bytes exportEntry(std::string_view field, uint8_t kind, uint32_t index) {
  return name(field) + Bytes{kind} + u32(index);
}

// A constant expression or body fragment followed by `end`.
inline Bytes expr(const Bytes& instrs) { return instrs + Bytes{op::End}; }

inline Bytes global(uint8_t type, uint8_t mut, const Bytes& initExpr) {
  return Bytes{type, mut} + initExpr;
}

// Function body: local declarations (count, type) then the code (which must include the final
// `end` itself).
using Locals = std::vector<std::pair<uint32_t, uint8_t>>;
inline Bytes funcBody(const Locals& locals, const Bytes& code) {
  Bytes out = u32(static_cast<uint32_t>(locals.size()));
  for (const auto& [count, type] : locals) out += u32(count) + Bytes{type};
  return out + code;
}
inline Bytes funcBody(const Bytes& code) { return funcBody(Locals{}, code); }

// Data segments.
inline Bytes dataActive(const Bytes& offsetExpr, const Bytes& init) {
  return Bytes{0x00} + offsetExpr + vecBytes(init);
}
inline Bytes dataPassive(const Bytes& init) { return Bytes{0x01} + vecBytes(init); }
inline Bytes dataActiveMem(uint32_t memory, const Bytes& offsetExpr, const Bytes& init) {
  return Bytes{0x02} + u32(memory) + offsetExpr + vecBytes(init);
}

// ---------------------------------------------------------------------------------------------
// Instructions with immediates

inline Bytes i32Const(int32_t v) { return Bytes{op::I32Const} + s32(v); }
inline Bytes i64Const(int64_t v) { return Bytes{op::I64Const} + s64(v); }
inline Bytes f32Const(float v) {
  uint32_t bits = std::bit_cast<uint32_t>(v);
  return Bytes{op::F32Const, static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8),
               static_cast<uint8_t>(bits >> 16), static_cast<uint8_t>(bits >> 24)};
}
inline Bytes f64Const(double v) {
  uint64_t bits = std::bit_cast<uint64_t>(v);
  Bytes out{op::F64Const};
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  return out;
}
inline Bytes localGet(uint32_t i) { return Bytes{op::LocalGet} + u32(i); }
inline Bytes localSet(uint32_t i) { return Bytes{op::LocalSet} + u32(i); }
inline Bytes localTee(uint32_t i) { return Bytes{op::LocalTee} + u32(i); }
inline Bytes globalGet(uint32_t i) { return Bytes{op::GlobalGet} + u32(i); }
inline Bytes globalSet(uint32_t i) { return Bytes{op::GlobalSet} + u32(i); }
inline Bytes call(uint32_t f) { return Bytes{op::Call} + u32(f); }
inline Bytes callIndirect(uint32_t typeIndex, uint32_t table = 0) {
  return Bytes{op::CallIndirect} + u32(typeIndex) + u32(table);
}
inline Bytes br(uint32_t depth) { return Bytes{op::Br} + u32(depth); }
inline Bytes brIf(uint32_t depth) { return Bytes{op::BrIf} + u32(depth); }
inline Bytes brTable(const std::vector<uint32_t>& targets, uint32_t defaultTarget) {
  return Bytes{op::BrTable} + vecU32(targets) + u32(defaultTarget);
}
// Block types: a value-type byte (or kVoid) or a type index (s33).
inline Bytes block(uint8_t bt = kVoid) { return Bytes{op::Block, bt}; }
inline Bytes loop(uint8_t bt = kVoid) { return Bytes{op::Loop, bt}; }
inline Bytes if_(uint8_t bt = kVoid) { return Bytes{op::If, bt}; }
inline Bytes blockT(uint32_t typeIndex) { return Bytes{op::Block} + s33(typeIndex); }
inline Bytes loopT(uint32_t typeIndex) { return Bytes{op::Loop} + s33(typeIndex); }
inline Bytes ifT(uint32_t typeIndex) { return Bytes{op::If} + s33(typeIndex); }
inline Bytes selectT(const Bytes& types) { return Bytes{op::SelectT} + vecBytes(types); }
inline Bytes refNull(uint8_t type) { return Bytes{op::RefNull, type}; }
inline Bytes refFunc(uint32_t f) { return Bytes{op::RefFunc} + u32(f); }
// A memory instruction with its memarg (alignment exponent, offset).
inline Bytes mem(uint8_t opcode, uint32_t alignLog2, uint32_t offset = 0) {
  return Bytes{opcode} + u32(alignLog2) + u32(offset);
}
inline Bytes miscOp(uint32_t sub) { return Bytes{op::MiscPrefix} + u32(sub); }
inline Bytes simdOp(uint32_t sub) { return Bytes{op::SimdPrefix} + u32(sub); }
inline Bytes v128Const(uint8_t fill = 0) { return simdOp(simd::V128Const) + Bytes(16, fill); }

// ---------------------------------------------------------------------------------------------
// Modules

inline const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

// Appends sections in the order the calls are made (so tests can get the order wrong).
class ModuleBytes {
 public:
  ModuleBytes() : bytes_(kHeader) {}

  ModuleBytes& raw(const Bytes& b) {
    bytes_ += b;
    return *this;
  }
  ModuleBytes& section(uint8_t id, const Bytes& payload) {
    return sectionWithSize(id, static_cast<uint32_t>(payload.size()), payload);
  }
  // A section whose declared size is `size`, whatever the payload's real size.
  ModuleBytes& sectionWithSize(uint8_t id, uint32_t size, const Bytes& payload) {
    bytes_.push_back(id);
    bytes_ += u32(size);
    bytes_ += payload;
    return *this;
  }
  ModuleBytes& customSection(std::string_view sectionName, const Bytes& payload) {
    return section(sec::Custom, name(sectionName) + payload);
  }
  ModuleBytes& typeSection(const std::vector<Bytes>& types) {
    return section(sec::Type, vec(types));
  }
  ModuleBytes& importSection(const std::vector<Bytes>& imports) {
    return section(sec::Import, vec(imports));
  }
  ModuleBytes& functionSection(const std::vector<uint32_t>& typeIndices) {
    return section(sec::Function, vecU32(typeIndices));
  }
  ModuleBytes& tableSection(const std::vector<Bytes>& tables) {
    return section(sec::Table, vec(tables));
  }
  ModuleBytes& memorySection(const std::vector<Bytes>& memories) {
    return section(sec::Memory, vec(memories));
  }
  ModuleBytes& globalSection(const std::vector<Bytes>& globals) {
    return section(sec::Global, vec(globals));
  }
  ModuleBytes& exportSection(const std::vector<Bytes>& exports) {
    return section(sec::Export, vec(exports));
  }
  ModuleBytes& startSection(uint32_t func) { return section(sec::Start, u32(func)); }
  ModuleBytes& elementSection(const std::vector<Bytes>& segments) {
    return section(sec::Element, vec(segments));
  }
  ModuleBytes& dataCountSection(uint32_t count) { return section(sec::DataCount, u32(count)); }
  // Each body (from funcBody) gets its size prefix here.
  ModuleBytes& codeSection(const std::vector<Bytes>& bodies) {
    Bytes payload = u32(static_cast<uint32_t>(bodies.size()));
    for (const Bytes& body : bodies) payload += u32(static_cast<uint32_t>(body.size())) + body;
    return section(sec::Code, payload);
  }
  ModuleBytes& dataSection(const std::vector<Bytes>& segments) {
    return section(sec::Data, vec(segments));
  }

  const Bytes& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }
  operator const Bytes&() const { return bytes_; }  // NOLINT: implicit by design

 private:
  Bytes bytes_;
};

// A module described by its parts, serialised in the canonical section order with empty
// sections left out. Handy for validation tests that need "one function plus a memory".
struct ModuleParts {
  std::vector<Bytes> types;
  std::vector<Bytes> imports;
  std::vector<uint32_t> funcs;
  std::vector<Bytes> tables;
  std::vector<Bytes> memories;
  std::vector<Bytes> globals;
  std::vector<Bytes> exports;
  std::optional<uint32_t> start;
  std::vector<Bytes> elems;
  std::optional<uint32_t> dataCount;
  std::vector<Bytes> bodies;  // from funcBody
  std::vector<Bytes> data;

  Bytes build() const {
    ModuleBytes m;
    if (!types.empty()) m.typeSection(types);
    if (!imports.empty()) m.importSection(imports);
    if (!funcs.empty()) m.functionSection(funcs);
    if (!tables.empty()) m.tableSection(tables);
    if (!memories.empty()) m.memorySection(memories);
    if (!globals.empty()) m.globalSection(globals);
    if (!exports.empty()) m.exportSection(exports);
    if (start) m.startSection(*start);
    if (!elems.empty()) m.elementSection(elems);
    if (dataCount) m.dataCountSection(*dataCount);
    if (!bodies.empty()) m.codeSection(bodies);
    if (!data.empty()) m.dataSection(data);
    return m.bytes();
  }
};

// One function, one table, and `count` passive element segments of one ref.func each: 4 bytes
// of module per segment, more than 50 bytes of instance (the out-of-memory tests). Assembled in
// one piece: a vector per segment would leave the test process with a heap full of free chunks.
inline Bytes passiveElementSegments(uint32_t count) {
  // flags 1 (passive), elemkind 0 (funcref), one function index: 0.
  const Bytes segments = u32(count) + repeat(Bytes{0x01, 0x00, 0x01, 0x00}, count);
  return ModuleBytes()
      .typeSection({funcType({}, {})})
      .functionSection({0})
      .tableSection({tableType(kFuncRef, limits(1))})
      .section(sec::Element, segments)
      .codeSection({funcBody(Bytes{op::End})})
      .bytes();
}

}  // namespace sable::test
