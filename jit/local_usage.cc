#include "jit/local_usage.h"

#include <algorithm>
#include <array>

namespace sable::jit {

namespace {

// A forward-only reader that never reads past the end; at the end it yields zeros.
class Skipper {
 public:
  Skipper(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  bool atEnd() const { return p_ >= end_; }
  uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
  void skip(size_t n) { p_ = static_cast<size_t>(end_ - p_) < n ? end_ : p_ + n; }
  uint32_t leb() {
    uint32_t v = 0;
    for (uint32_t shift = 0; p_ < end_; shift += 7) {
      uint8_t b = *p_++;
      if (shift < 32) v |= static_cast<uint32_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  }
  void blockType() {
    uint8_t b = p_ < end_ ? *p_ : 0;
    if (b == 0x40 || (b >= 0x6f && b <= 0x7f))
      skip(1);
    else
      leb();
  }
  void memArg() {
    leb();
    leb();
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// Which open blocks are loops, as a bit stack: one word holds the usual nesting, deeper nests
// spill into a vector, so the scan allocates nothing for ordinary functions.
class BlockStack {
 public:
  bool empty() const { return depth_ == 0; }
  void push(bool isLoop) {
    const uint32_t word = depth_ / 64, bit = depth_ % 64;
    if (word > 0 && word > deeper_.size()) deeper_.push_back(0);
    uint64_t& w = word == 0 ? first_ : deeper_[word - 1];
    w = isLoop ? w | (uint64_t{1} << bit) : w & ~(uint64_t{1} << bit);
    ++depth_;
  }
  // Pops the innermost block; returns whether it was a loop.
  bool pop() {
    --depth_;
    const uint32_t word = depth_ / 64, bit = depth_ % 64;
    const uint64_t w = word == 0 ? first_ : deeper_[word - 1];
    return (w >> bit) & 1;
  }

 private:
  uint32_t depth_ = 0;
  uint64_t first_ = 0;
  std::vector<uint64_t> deeper_;
};

// Weight of one use at loop depth d: 1, 8, 64, ... capped so sums stay far from overflow.
uint32_t weightAt(uint32_t loopDepth) { return 1u << (3 * std::min(loopDepth, 5u)); }

// What follows each opcode byte, for the scan: looked up in a table because the opcodes that
// matter are sparse, and a switch over them compiles to a chain of comparisons.
enum class Follows : uint8_t {
  Nothing,
  BlockType,  // block, if
  LoopType,   // loop
  End,
  Leb,  // one LEB: branch depth, function, global, table, ref.func, i32/i64 constants
  BrTable,
  TwoLebs,     // call_indirect
  TypeVector,  // select t*
  LocalIndex,  // local.get / set / tee
  OneByte,     // memory.size / grow, ref.null
  Four,        // f32.const
  Eight,       // f64.const
  MemArg,      // loads and stores
  MiscPrefix,
  SimdPrefix,
};

constexpr std::array<Follows, 256> followsTable() {
  std::array<Follows, 256> t{};
  t[0x02] = t[0x04] = Follows::BlockType;
  t[0x03] = Follows::LoopType;
  t[0x0b] = Follows::End;
  for (uint8_t op : {0x0c, 0x0d, 0x10, 0x23, 0x24, 0x25, 0x26, 0xd2, 0x41, 0x42}) {
    t[op] = Follows::Leb;  // signed LEBs skip the same way
  }
  t[0x0e] = Follows::BrTable;
  t[0x11] = Follows::TwoLebs;
  t[0x1c] = Follows::TypeVector;
  t[0x20] = t[0x21] = t[0x22] = Follows::LocalIndex;
  t[0x3f] = t[0x40] = t[0xd0] = Follows::OneByte;
  t[0x43] = Follows::Four;
  t[0x44] = Follows::Eight;
  for (int op = 0x28; op <= 0x3e; ++op) t[op] = Follows::MemArg;
  t[0xfc] = Follows::MiscPrefix;
  t[0xfd] = Follows::SimdPrefix;
  return t;
}

constexpr std::array<Follows, 256> kFollows = followsTable();

}  // namespace

bool weighLocalUses(std::span<const uint8_t> body, std::vector<uint32_t>& weights) {
  Skipper s(body.data(), body.data() + body.size());
  BlockStack blocks;
  uint32_t loopDepth = 0;
  while (!s.atEnd()) {
    switch (kFollows[s.byte()]) {
      case Follows::Nothing:
        break;
      case Follows::BlockType:
        s.blockType();
        blocks.push(false);
        break;
      case Follows::LoopType:
        s.blockType();
        blocks.push(true);
        ++loopDepth;
        break;
      case Follows::End:
        if (blocks.empty()) return true;  // the function's end
        if (blocks.pop()) --loopDepth;
        break;
      case Follows::Leb:
        s.leb();
        break;
      case Follows::BrTable: {
        uint32_t n = s.leb();
        for (uint32_t i = 0; i <= n && !s.atEnd(); ++i) s.leb();
        break;
      }
      case Follows::TwoLebs:
        s.leb();
        s.leb();
        break;
      case Follows::TypeVector:
        s.skip(s.leb());
        break;
      case Follows::LocalIndex: {
        uint32_t local = s.leb();
        if (local < weights.size()) {
          uint32_t w = weights[local] + weightAt(loopDepth);
          weights[local] = std::max(w, weights[local]);  // saturate
        }
        break;
      }
      case Follows::OneByte:
        s.skip(1);
        break;
      case Follows::Four:
        s.skip(4);
        break;
      case Follows::Eight:
        s.skip(8);
        break;
      case Follows::MemArg:
        s.memArg();
        break;
      case Follows::MiscPrefix: {
        uint32_t sub = s.leb();
        switch (sub) {
          case 8:
            s.leb();
            s.skip(1);
            break;
          case 9:
          case 13:
          case 15:
          case 16:
          case 17:
            s.leb();
            break;
          case 10:
            s.skip(2);
            break;
          case 11:
            s.skip(1);
            break;
          case 12:
          case 14:
            s.leb();
            s.leb();
            break;
          default:
            break;
        }
        break;
      }
      case Follows::SimdPrefix: {
        uint32_t sub = s.leb();
        if (sub <= 0x0b || sub == 0x5c || sub == 0x5d)
          s.memArg();
        else if (sub == 0x0c || sub == 0x0d)
          s.skip(16);
        else if (sub >= 0x15 && sub <= 0x22)
          s.skip(1);
        else if (sub >= 0x54 && sub <= 0x5b) {
          s.memArg();
          s.skip(1);
        }
        break;
      }
    }
  }
  return false;
}

}  // namespace sable::jit
