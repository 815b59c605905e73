// The pre-scan that weighs local uses (jit/local_usage.h): loop depth multiplies a use's weight
// by 8 per level (capped), at any nesting depth.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "jit/local_usage.h"

namespace sable::test {
namespace {

constexpr uint8_t kBlock = 0x02, kLoop = 0x03, kEnd = 0x0b, kLocalGet = 0x20, kEmpty = 0x40;

TEST(JitLocalUsage, UsesInsideLoopsWeighMore) {
  const std::vector<uint8_t> body = {kLocalGet, 0, kLoop, kEmpty, kLocalGet, 1, kLoop, kEmpty,
                                     kLocalGet, 1, kEnd,  kEnd,   kLocalGet, 0, kEnd};
  std::vector<uint32_t> weights(2, 0);
  EXPECT_TRUE(jit::weighLocalUses(body, weights));
  EXPECT_EQ(weights[0], 2u);
  EXPECT_EQ(weights[1], 8u + 64u);
}

// Nesting deeper than one machine word of block bits: the loops on either side of the 64th
// level and far below it are still told apart from the blocks around them.
TEST(JitLocalUsage, DeepNestingKeepsTrackOfWhichBlocksAreLoops) {
  std::vector<uint8_t> body;
  constexpr int kDepth = 200;
  for (int i = 0; i < kDepth; ++i) {
    const bool loop = i == 10 || i == 63 || i == 64 || i == 150;
    body.push_back(loop ? kLoop : kBlock);
    body.push_back(kEmpty);
  }
  body.insert(body.end(), {kLocalGet, 0});  // inside 4 loops: 8^4
  for (int i = kDepth - 1; i >= 0; --i) {
    body.push_back(kEnd);
    if (i == 150) body.insert(body.end(), {kLocalGet, 1});  // 3 loops: 8^3
    if (i == 64) body.insert(body.end(), {kLocalGet, 2});   // 2 loops: 8^2
    if (i == 10) body.insert(body.end(), {kLocalGet, 3});   // no loop: 1
  }
  body.push_back(kEnd);
  std::vector<uint32_t> weights(4, 0);
  EXPECT_TRUE(jit::weighLocalUses(body, weights));
  EXPECT_EQ(weights[0], 4096u);
  EXPECT_EQ(weights[1], 512u);
  EXPECT_EQ(weights[2], 64u);
  EXPECT_EQ(weights[3], 1u);
}

TEST(JitLocalUsage, ABodyWithoutItsFinalEndIsIncomplete) {
  const std::vector<uint8_t> body = {kBlock, kEmpty, kLocalGet, 0, kEnd};
  std::vector<uint32_t> weights(1, 0);
  EXPECT_FALSE(jit::weighLocalUses(body, weights));
  EXPECT_EQ(weights[0], 1u);
}

}  // namespace
}  // namespace sable::test
