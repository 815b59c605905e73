// platform/code_memory: W^X code allocation through asmjit::JitAllocator.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "platform/code_memory.h"

namespace sable::platform {
namespace {

// `mov eax, <value>; ret` (x86-64) or `mov w0, #<value>; ret` (arm64, value < 65536).
std::vector<uint8_t> returnConstant(uint32_t value) {
#if defined(__x86_64__)
  return {0xB8, uint8_t(value), uint8_t(value >> 8), uint8_t(value >> 16), uint8_t(value >> 24),
          0xC3};
#elif defined(__aarch64__)
  const uint32_t movz = 0x52800000u | ((value & 0xFFFFu) << 5);
  const uint32_t ret = 0xD65F03C0u;
  std::vector<uint8_t> bytes;
  for (uint32_t word : {movz, ret}) {
    for (int i = 0; i < 4; ++i) bytes.push_back(uint8_t(word >> (8 * i)));
  }
  return bytes;
#else
#error "no test code for this architecture"
#endif
}

using ReturnsInt = int (*)();

int run(const CodeBlock& block) {
  return reinterpret_cast<ReturnsInt>(const_cast<uint8_t*>(block.executable()))();
}

TEST(PlatformCodeMemory, WrittenCodeRuns) {
  auto memory = CodeMemory::create();
  ASSERT_TRUE(memory) << memory.error().toString();
  auto block = (*memory)->allocate(64);
  ASSERT_TRUE(block) << block.error().toString();
  const auto code = returnConstant(42);
  block->write(0, code.data(), code.size());
  block->finalize();
  EXPECT_EQ(run(*block), 42);
}

TEST(PlatformCodeMemory, DualMappingSeparatesViews) {
  auto memory = CodeMemory::create();
  ASSERT_TRUE(memory);
  auto block = (*memory)->allocate(16);
  ASSERT_TRUE(block);
  if ((*memory)->isDualMapped()) {
    EXPECT_NE(block->writable(), block->executable());
  } else {
    EXPECT_EQ(block->writable(), block->executable());
  }
}

TEST(PlatformCodeMemory, ManyBlocksAreIndependent) {
  auto memory = CodeMemory::create();
  ASSERT_TRUE(memory);
  std::vector<CodeBlock> blocks;
  for (uint32_t i = 0; i < 100; ++i) {
    auto block = (*memory)->allocate(32 + i);
    ASSERT_TRUE(block) << block.error().toString();
    const auto code = returnConstant(1000 + i);
    block->write(0, code.data(), code.size());
    block->finalize();
    blocks.push_back(std::move(*block));
  }
  for (uint32_t i = 0; i < blocks.size(); ++i) EXPECT_EQ(run(blocks[i]), int(1000 + i));
  // Release every other block and reuse the space.
  for (size_t i = 0; i < blocks.size(); i += 2) blocks[i] = CodeBlock();
  for (size_t i = 0; i < blocks.size(); i += 2) {
    auto block = (*memory)->allocate(48);
    ASSERT_TRUE(block);
    const auto code = returnConstant(7);
    block->write(0, code.data(), code.size());
    block->finalize();
    blocks[i] = std::move(*block);
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(run(blocks[i]), i % 2 == 0 ? 7 : int(1000 + i));
  }
}

TEST(PlatformCodeMemory, EmptyAllocationIsRejected) {
  auto memory = CodeMemory::create();
  ASSERT_TRUE(memory);
  auto block = (*memory)->allocate(0);
  ASSERT_FALSE(block);
  EXPECT_EQ(block.error().kind, ErrorKind::Usage);
}

TEST(PlatformCodeMemory, MovedBlockKeepsTheCode) {
  auto memory = CodeMemory::create();
  ASSERT_TRUE(memory);
  auto block = (*memory)->allocate(16);
  ASSERT_TRUE(block);
  const auto code = returnConstant(5);
  block->write(0, code.data(), code.size());
  block->finalize();
  CodeBlock moved = std::move(*block);
  EXPECT_TRUE(block->empty());
  EXPECT_EQ(run(moved), 5);
}

}  // namespace
}  // namespace sable::platform
