// ReusableStack (as the validator's operand type stack): contents survive growth, and
// truncation keeps the bottom.
#include "core/reusable_stack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sable {
namespace {

TEST(OperandTypeStack, KeepsItsContentsAcrossGrowth) {
  OperandTypeStack stack;
  std::vector<ValType> expected;
  const ValType kinds[] = {ValType::I32, ValType::I64, ValType::F32, ValType::F64};
  for (int i = 0; i < 1000; ++i) {
    stack.push(kinds[i % 4]);
    expected.push_back(kinds[i % 4]);
  }
  const std::vector<ValType> block(300, ValType::F64);
  stack.pushAll(block);  // grows by more than the doubling in one step
  expected.insert(expected.end(), block.begin(), block.end());
  ASSERT_EQ(stack.size(), expected.size());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), stack.items().begin()));
  EXPECT_EQ(stack.back(), ValType::F64);

  stack.truncate(3);
  EXPECT_EQ(stack.size(), 3u);
  EXPECT_EQ(stack.back(), ValType::F32);
  stack.pop();
  EXPECT_EQ(stack.back(), ValType::I64);
  stack.clear();
  EXPECT_EQ(stack.size(), 0u);
  stack.push(ValType::I32);  // storage is reused
  EXPECT_EQ(stack.items().size(), 1u);
  EXPECT_EQ(stack.back(), ValType::I32);
}

}  // namespace
}  // namespace sable
