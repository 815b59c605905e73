// Reading operators without validating them: the opcode, and skipping the immediates that
// follow it by the table's immediate kind (core/operator_facts.h). The one way every pre-scan
// and look-ahead (the JIT's local-use weighing, its fusion with the next instruction) steps
// over a body's instructions, so none of them decodes immediates by hand.
#pragma once

#include <cstdint>

#include "core/binary_reader.h"
#include "core/operator_facts.h"

namespace sable {

// Reads an opcode: one byte, or a 0xFC/0xFD prefix and its LEB sub-opcode, as the code
// (prefix << 8 | sub-opcode). A sub-opcode above 255 is no 2.0 operator: the reader fails
// (malformed, "illegal opcode", at `opOffset`) and 0 is returned.
inline uint32_t readOpcode(BinaryReader& r) {
  const size_t opOffset = r.offset();
  uint32_t code = r.readU8();
  if (code != kMiscPrefix && code != kSimdPrefix) return code;
  const uint32_t sub = r.readU32Leb();
  if (!r.ok()) return 0;
  if (sub > 0xff) {
    r.fail(ErrorKind::Malformed, opOffset, "illegal opcode");
    return 0;
  }
  return (code << 8) | sub;
}

// Steps over one block type: 0x40, a value type byte (0x6f..0x7f), or an s33 type index.
inline void skipBlockType(BinaryReader& r) {
  const uint8_t b = r.peekU8();
  if (b == 0x40 || (b >= 0x6f && b <= 0x7f)) {
    r.readU8();
  } else {
    r.readS33Leb();
  }
}

// Steps over the immediates of kind `kind`. Reads them as the body decoder does (same
// encodings, same lengths) but checks nothing beyond well-formed LEBs; a truncated body fails
// the reader, whose cursor then sits at the end.
inline void skipImmediates(BinaryReader& r, Immediate kind) {
  switch (kind) {
    case Immediate::None:
      return;
    case Immediate::BlockType:
      return skipBlockType(r);
    case Immediate::Label:
    case Immediate::Function:
    case Immediate::Local:
    case Immediate::Global:
    case Immediate::Table:
    case Immediate::Segment:
      r.readU32Leb();
      return;
    case Immediate::TypeAndTable:
    case Immediate::SegmentAndTable:
    case Immediate::TwoTables:
    case Immediate::MemArg:
      r.readU32Leb();
      r.readU32Leb();
      return;
    case Immediate::BrTable: {
      const uint32_t count = r.readU32Leb();
      for (uint64_t i = 0; i <= count && r.ok() && !r.atEnd(); ++i) r.readU32Leb();
      return;
    }
    case Immediate::SelectTypes:
      r.readBytes(r.readU32Leb());
      return;
    case Immediate::MemArgLane:
      r.readU32Leb();
      r.readU32Leb();
      r.readU8();
      return;
    case Immediate::Lane:
    case Immediate::MemoryByte:
    case Immediate::RefType:
      r.readU8();
      return;
    case Immediate::TwoMemoryBytes:
      r.readBytes(2);
      return;
    case Immediate::DataAndMemory:
      r.readU32Leb();
      r.readU8();
      return;
    case Immediate::I32:
      r.readS32Leb();
      return;
    case Immediate::I64:
      r.readS64Leb();
      return;
    case Immediate::F32:
      r.readBytes(4);
      return;
    case Immediate::F64:
      r.readBytes(8);
      return;
    case Immediate::V128:
    case Immediate::Shuffle:
      r.readBytes(16);
      return;
  }
}

// Steps over one whole operator and returns its code. An illegal opcode (family Invalid) fails
// the reader: nothing can say how long its immediates are.
inline uint32_t skipOperator(BinaryReader& r) {
  const size_t at = r.offset();
  const uint32_t code = readOpcode(r);
  const OperatorFacts& facts = operatorFacts(code);
  if (facts.family == OperatorFamily::Invalid) {
    r.fail(ErrorKind::Malformed, at, "illegal opcode");
    return 0;
  }
  skipImmediates(r, facts.immediate);
  return code;
}

}  // namespace sable
