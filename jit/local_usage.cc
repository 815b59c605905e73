#include "jit/local_usage.h"

#include <algorithm>

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

}  // namespace

bool weighLocalUses(std::span<const uint8_t> body, std::vector<uint32_t>& weights) {
  Skipper s(body.data(), body.data() + body.size());
  BlockStack blocks;
  uint32_t loopDepth = 0;
  while (!s.atEnd()) {
    uint8_t op = s.byte();
    switch (op) {
      case 0x02:
      case 0x04:
        s.blockType();
        blocks.push(false);
        break;
      case 0x03:
        s.blockType();
        blocks.push(true);
        ++loopDepth;
        break;
      case 0x0b:
        if (blocks.empty()) return true;  // the function's end
        if (blocks.pop()) --loopDepth;
        break;
      case 0x0c:
      case 0x0d:
      case 0x10:
      case 0x23:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0xd2:
        s.leb();
        break;
      case 0x0e: {
        uint32_t n = s.leb();
        for (uint32_t i = 0; i <= n && !s.atEnd(); ++i) s.leb();
        break;
      }
      case 0x11:
        s.leb();
        s.leb();
        break;
      case 0x1c:
        s.skip(s.leb());
        break;
      case 0x20:
      case 0x21:
      case 0x22: {
        uint32_t local = s.leb();
        if (local < weights.size()) {
          uint32_t w = weights[local] + weightAt(loopDepth);
          weights[local] = std::max(w, weights[local]);  // saturate
        }
        break;
      }
      case 0x3f:
      case 0x40:
      case 0xd0:
        s.skip(1);
        break;
      case 0x41:
      case 0x42:
        s.leb();
        break;  // signed LEBs skip the same way
      case 0x43:
        s.skip(4);
        break;
      case 0x44:
        s.skip(8);
        break;
      case 0xfc: {
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
      case 0xfd: {
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
      default:
        if (op >= 0x28 && op <= 0x3e) s.memArg();
        break;
    }
  }
  return false;
}

}  // namespace sable::jit
