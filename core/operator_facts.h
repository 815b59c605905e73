// What every wasm operator is, as one constexpr table folded from the X-macro rows of
// core/opcodes.h: its family (which decoder function validates it), the kind of immediate that
// follows the opcode, its fixed signature, the memory access it makes and the traits the
// compiler folds constants with. Everything that needs such a fact reads it here (the body
// decoder, the pre-scans, the compiler's look-ahead, the back ends), so no layer re-derives it
// with a switch of its own, and a new operator is a new row in core/opcodes.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/opcodes.h"

namespace sable {

// Groups of operators that the body decoder validates with one function each.
enum class OperatorFamily : uint8_t {
  Invalid,     // no 2.0 operator has this code
  Control,     // unreachable, nop, blocks, branches, return, calls
  Parametric,  // drop, select
  Local,       // local.get, local.set, local.tee
  Global,      // global.get, global.set
  Table,       // table.* and elem.drop
  Memory,      // loads, stores, memory.size and memory.grow
  BulkMemory,  // memory.init, data.drop, memory.copy, memory.fill
  Constant,    // i32/i64/f32/f64/v128.const
  Numeric,     // fixed-signature operators, scalar and SIMD
  Reference,   // ref.null, ref.is_null, ref.func
  SimdLane,    // lane access, lane loads and stores, shuffle
};

// What follows an opcode in the binary, in the order of the spec's instruction encodings.
enum class Immediate : uint8_t {
  None,
  BlockType,        // 0x40, a value type, or an s33 type index
  Label,            // u32 branch depth
  BrTable,          // u32 count, then count + 1 u32 depths
  Function,         // u32 function index
  TypeAndTable,     // u32 type index, u32 table index (call_indirect)
  SelectTypes,      // u32 count, then that many value type bytes
  Local,            // u32 local index
  Global,           // u32 global index
  Table,            // u32 table index
  MemArg,           // u32 alignment, u32 offset
  MemArgLane,       // a memarg, then a lane byte
  Lane,             // a lane byte
  MemoryByte,       // one reserved memory byte
  TwoMemoryBytes,   // two reserved memory bytes (memory.copy)
  DataAndMemory,    // u32 data segment, a reserved memory byte (memory.init)
  Segment,          // u32 data or element segment (data.drop, elem.drop)
  SegmentAndTable,  // u32 element segment, u32 table (table.init)
  TwoTables,        // u32 destination and source tables (table.copy)
  I32,              // s32
  I64,              // s64
  F32,              // 4 bytes
  F64,              // 8 bytes
  V128,             // 16 bytes (v128.const)
  Shuffle,          // 16 lane bytes (i8x16.shuffle)
  RefType,          // a reference type byte
};

// How a narrow memory access widens its value.
enum class Extension : uint8_t { None, Sign, Zero };

// Whether an operator reads or writes linear memory at a memarg.
enum class MemoryAccess : uint8_t { None, Load, Store };

// What a SimdLane operator does with its lane (i8x16.shuffle, the family's other member, is
// told apart by its immediate).
enum class LaneOperation : uint8_t { Extract, Replace, Load, Store };

// The facts about one operator. Fields that do not apply to its family are zero.
struct OperatorFacts {
  OperatorFamily family = OperatorFamily::Invalid;
  Immediate immediate = Immediate::None;
  Sig sig = Sig::i_i;                      // Numeric: operand and result types
  ValType type = static_cast<ValType>(0);  // Memory/SimdLane: the value (or lane) type accessed
  MemoryAccess access = MemoryAccess::None;
  uint8_t accessLog2 = 0;  // log2 of the bytes a memory access reads or writes
  uint8_t lanes = 0;       // SimdLane: the lane count the lane index is below
  LaneOperation laneOperation = LaneOperation::Extract;  // SimdLane (not shuffle)
  Extension extension = Extension::None;
  bool wide = false;          // the integer operands, or the memory value, are 64-bit
  bool commutative = false;   // `a op b` is `b op a`
  bool zeroIdentity = false;  // `x op 0` is x

  // Bytes a memory access reads or writes.
  constexpr uint32_t accessSize() const { return uint32_t{1} << accessLog2; }
};

// Where an opcode's facts sit in the table: one-byte codes first, then the 0xFC and 0xFD
// sub-opcodes (below 256 in 2.0); anything else maps to the last entry, which is Invalid.
inline constexpr size_t kOperatorFactsSize = 3 * 256 + 1;
constexpr size_t operatorFactsIndex(uint32_t code) {
  if (code < 0x100) return code;
  const uint32_t prefix = code >> 8, sub = code & 0xff;
  if (prefix == kMiscPrefix) return 256 + sub;
  if (prefix == kSimdPrefix) return 512 + sub;
  return kOperatorFactsSize - 1;
}

namespace opcode_column {
// The short column values of the tables in core/opcodes.h, spelled out.
struct Traits {
  bool commutative, zeroIdentity;
};
inline constexpr Traits kTraits_{false, false}, kTraitsC{true, false}, kTraitsZ{false, true},
    kTraitsCZ{true, true};
inline constexpr Extension kExt_ = Extension::None, kExtS = Extension::Sign,
                           kExtU = Extension::Zero;

constexpr bool is64Bit(ValType t) { return t == ValType::I64 || t == ValType::F64; }

// Whether a fixed signature's first operand is 64-bit (i64.eq, i64.add; not i32.wrap_i64's
// result): what the compiler and back ends call a wide operation.
constexpr bool sigIsWide(Sig sig) {
  using enum ValType;
  switch (sig) {
#define SABLE_SIG_WIDE(name, result, ...) \
  case Sig::name: {                       \
    const ValType ops[] = {__VA_ARGS__};  \
    return is64Bit(ops[0]);               \
  }
    SABLE_FOREACH_SIG(SABLE_SIG_WIDE)
#undef SABLE_SIG_WIDE
  }
  return false;
}

constexpr std::array<OperatorFacts, kOperatorFactsSize> buildOperatorFacts() {
  std::array<OperatorFacts, kOperatorFactsSize> t{};
  using enum OperatorFamily;
  using enum ValType;
#define SABLE_FACTS_SPECIAL(name, code, fam, imm, text) \
  t[operatorFactsIndex(code)] = {.family = OperatorFamily::fam, .immediate = Immediate::imm};
#define SABLE_FACTS_SIMPLE(name, code, s, traits, text)                      \
  t[operatorFactsIndex(code)] = {.family = Numeric,                          \
                                 .sig = Sig::s,                              \
                                 .wide = sigIsWide(Sig::s),                  \
                                 .commutative = kTraits##traits.commutative, \
                                 .zeroIdentity = kTraits##traits.zeroIdentity};
#define SABLE_FACTS_MEMORY(dir)                          \
  [](ValType type, uint8_t log2, Extension ext) {        \
    return OperatorFacts{.family = Memory,               \
                         .immediate = Immediate::MemArg, \
                         .type = type,                   \
                         .access = MemoryAccess::dir,    \
                         .accessLog2 = log2,             \
                         .extension = ext,               \
                         .wide = is64Bit(type)};         \
  }
#define SABLE_FACTS_LOAD(name, code, type, log2, ext, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_MEMORY(Load)(type, log2, kExt##ext);
#define SABLE_FACTS_STORE(name, code, type, log2, ext, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_MEMORY(Store)(type, log2, kExt##ext);
#define SABLE_FACTS_LANE(operation)                                 \
  [](ValType scalar, uint8_t laneCount) {                           \
    return OperatorFacts{.family = SimdLane,                        \
                         .immediate = Immediate::Lane,              \
                         .type = scalar,                            \
                         .lanes = laneCount,                        \
                         .laneOperation = LaneOperation::operation, \
                         .wide = is64Bit(scalar)};                  \
  }
#define SABLE_FACTS_EXTRACT_LANE(name, code, laneCount, scalar, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_LANE(Extract)(scalar, laneCount);
#define SABLE_FACTS_REPLACE_LANE(name, code, laneCount, scalar, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_LANE(Replace)(scalar, laneCount);
#define SABLE_FACTS_LANE_MEMORY(dir)                                \
  [](uint8_t log2) {                                                \
    return OperatorFacts{.family = SimdLane,                        \
                         .immediate = Immediate::MemArgLane,        \
                         .type = V128,                              \
                         .access = MemoryAccess::dir,               \
                         .accessLog2 = log2,                        \
                         .lanes = static_cast<uint8_t>(16 >> log2), \
                         .laneOperation = LaneOperation::dir};      \
  }
#define SABLE_FACTS_LOAD_LANE(name, code, log2, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_LANE_MEMORY(Load)(log2);
#define SABLE_FACTS_STORE_LANE(name, code, log2, text) \
  t[operatorFactsIndex(code)] = SABLE_FACTS_LANE_MEMORY(Store)(log2);
  SABLE_FOREACH_SPECIAL_OPCODE(SABLE_FACTS_SPECIAL)
  SABLE_FOREACH_SIMPLE_OPCODE(SABLE_FACTS_SIMPLE)
  SABLE_FOREACH_SIMD_SIMPLE_OPCODE(SABLE_FACTS_SIMPLE)
  SABLE_FOREACH_LOAD_OPCODE(SABLE_FACTS_LOAD)
  SABLE_FOREACH_STORE_OPCODE(SABLE_FACTS_STORE)
  SABLE_FOREACH_SIMD_EXTRACT_LANE_OPCODE(SABLE_FACTS_EXTRACT_LANE)
  SABLE_FOREACH_SIMD_REPLACE_LANE_OPCODE(SABLE_FACTS_REPLACE_LANE)
  SABLE_FOREACH_SIMD_LOAD_LANE_OPCODE(SABLE_FACTS_LOAD_LANE)
  SABLE_FOREACH_SIMD_STORE_LANE_OPCODE(SABLE_FACTS_STORE_LANE)
#undef SABLE_FACTS_SPECIAL
#undef SABLE_FACTS_SIMPLE
#undef SABLE_FACTS_MEMORY
#undef SABLE_FACTS_LOAD
#undef SABLE_FACTS_STORE
#undef SABLE_FACTS_LANE
#undef SABLE_FACTS_EXTRACT_LANE
#undef SABLE_FACTS_REPLACE_LANE
#undef SABLE_FACTS_LANE_MEMORY
#undef SABLE_FACTS_LOAD_LANE
#undef SABLE_FACTS_STORE_LANE
  return t;
}

}  // namespace opcode_column

// The table itself, built at compile time.
inline constexpr std::array<OperatorFacts, kOperatorFactsSize> kOperatorFacts =
    opcode_column::buildOperatorFacts();

// The facts of an opcode given as its code (one byte, or prefix << 8 | sub-opcode); codes that
// are no 2.0 operator have family Invalid.
constexpr const OperatorFacts& operatorFacts(uint32_t code) {
  return kOperatorFacts[operatorFactsIndex(code)];
}
// The facts of an operator.
constexpr const OperatorFacts& operatorFacts(Opcode op) {
  return operatorFacts(static_cast<uint32_t>(op));
}

}  // namespace sable
