#include "jit/local_usage.h"

#include <algorithm>

#include "core/operator_reader.h"

namespace sable::jit {

namespace {

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
  ScanCursor r(body);
  BlockStack blocks;
  uint32_t loopDepth = 0;
  while (!r.atEnd()) {
    const uint32_t code = readOpcode(r);
    const OperatorFacts& facts = operatorFacts(code);
    // Most operators have no immediates: they are tested first, and only `end` matters of them.
    if (facts.immediate == Immediate::None) {
      if (facts.family == OperatorFamily::Invalid) return false;  // no way to step over it
      if (code != static_cast<uint32_t>(Opcode::End)) continue;
      if (blocks.empty()) return true;  // the function's end
      if (blocks.pop()) --loopDepth;
    } else if (facts.immediate == Immediate::Local) {
      const uint32_t local = r.readU32Leb();
      if (local < weights.size()) {
        const uint32_t w = weights[local] + weightAt(loopDepth);
        weights[local] = std::max(w, weights[local]);  // saturate
      }
    } else {
      if (facts.immediate == Immediate::BlockType) {
        const bool isLoop = code == static_cast<uint32_t>(Opcode::Loop);
        blocks.push(isLoop);
        loopDepth += isLoop;
      }
      skipImmediates(r, facts.immediate);
    }
  }
  return false;
}

}  // namespace sable::jit
