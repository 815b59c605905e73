// Stepping over operators without validating them: the opcode, and the immediates that follow
// it by the table's immediate kind (core/operator_facts.h). The one way every pre-scan and
// look-ahead (the JIT's local-use weighing, its fusion with the next instruction, the test that
// checks the table against the decoder) steps over a body, so none decodes immediates by hand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/leb128.h"
#include "core/operator_facts.h"

namespace sable {

// A forward-only cursor for scans that do not validate. Reads never fail: past the end (or
// after a malformed LEB) they yield zeros and the cursor sits at the end. Unlike BinaryReader
// it keeps no error, so a scan's cursor lives in registers: the pre-scan runs once per
// instruction of every body, and that difference was 2% of small modules' compile time.
class ScanCursor {
 public:
  explicit ScanCursor(std::span<const uint8_t> bytes)
      : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  bool atEnd() const { return p_ >= end_; }
  const uint8_t* pos() const { return p_; }
  uint8_t peekU8() const { return p_ < end_ ? *p_ : 0; }
  uint8_t readU8() { return p_ < end_ ? *p_++ : 0; }
  void skip(size_t n) { p_ = static_cast<size_t>(end_ - p_) < n ? end_ : p_ + n; }
  uint32_t readU32Leb() {
    if (p_ < end_ && *p_ < 0x80) return *p_++;
    const LebResult<uint32_t> r = sable::readU32Leb(p_, end_);
    if (r.error != LebError::Ok) {
      p_ = end_;
      return 0;
    }
    p_ += r.length;
    return r.value;
  }
  // Any LEB128, signed or not: its bytes up to the first without the continuation bit.
  void skipLeb() {
    while (p_ < end_ && (*p_++ & 0x80)) {
    }
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// A code that is no operator (its facts are Invalid): what readOpcode returns for a prefix
// with a sub-opcode above 255.
inline constexpr uint32_t kNoOpcode = 0xffff;

// Reads an opcode: one byte, or a 0xFC/0xFD prefix and its LEB sub-opcode, as the code
// (prefix << 8 | sub-opcode).
inline uint32_t readOpcode(ScanCursor& c) {
  const uint32_t first = c.readU8();
  if (first != kMiscPrefix && first != kSimdPrefix) return first;
  const uint32_t sub = c.readU32Leb();
  return sub > 0xff ? kNoOpcode : (first << 8) | sub;
}

// The opcode at the start of `bytes` without consuming anything: for the compiler's look-ahead
// at the next instruction (not validated yet). kNoOpcode when there is none.
inline uint32_t peekOpcode(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return kNoOpcode;
  ScanCursor c(bytes);
  return readOpcode(c);
}

// Steps over one block type: 0x40, a value type byte (0x6f..0x7f), or an s33 type index.
inline void skipBlockType(ScanCursor& c) {
  const uint8_t b = c.peekU8();
  if (b == 0x40 || (b >= 0x6f && b <= 0x7f)) {
    c.readU8();
  } else {
    c.skipLeb();
  }
}

// Steps over the immediates of kind `kind`: the same bytes the body decoder reads for them,
// checking nothing. Inlined into the pre-scan's loop, where it runs once per instruction.
[[gnu::always_inline]] inline void skipImmediates(ScanCursor& c, Immediate kind) {
  switch (kind) {
    case Immediate::None:
      return;
    case Immediate::BlockType:
      return skipBlockType(c);
    case Immediate::Label:
    case Immediate::Function:
    case Immediate::Local:
    case Immediate::Global:
    case Immediate::Table:
    case Immediate::Segment:
    case Immediate::I32:
    case Immediate::I64:
      return c.skipLeb();
    case Immediate::TypeAndTable:
    case Immediate::SegmentAndTable:
    case Immediate::TwoTables:
    case Immediate::MemArg:
      c.skipLeb();
      return c.skipLeb();
    case Immediate::BrTable: {
      const uint32_t count = c.readU32Leb();
      for (uint64_t i = 0; i <= count && !c.atEnd(); ++i) c.skipLeb();
      return;
    }
    case Immediate::SelectTypes:
      return c.skip(c.readU32Leb());
    case Immediate::MemArgLane:
      c.skipLeb();
      c.skipLeb();
      return c.skip(1);
    case Immediate::Lane:
    case Immediate::MemoryByte:
    case Immediate::RefType:
      return c.skip(1);
    case Immediate::TwoMemoryBytes:
      return c.skip(2);
    case Immediate::DataAndMemory:
      c.skipLeb();
      return c.skip(1);
    case Immediate::F32:
      return c.skip(4);
    case Immediate::F64:
      return c.skip(8);
    case Immediate::V128:
    case Immediate::Shuffle:
      return c.skip(16);
  }
}

}  // namespace sable
