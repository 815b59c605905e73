// platform/virtual_memory: reservations, commit/decommit, and the owning region.
#include <gtest/gtest.h>

#include <cstring>
#include <utility>

#include "platform/virtual_memory.h"

namespace sable::platform {
namespace {

TEST(PlatformVirtualMemory, PageSizeIsAPowerOfTwo) {
  const size_t page = pageSize();
  EXPECT_GE(page, 4096u);
  EXPECT_EQ(page & (page - 1), 0u);
}

TEST(PlatformVirtualMemory, CommittedPagesAreZeroAndWritable) {
  const size_t page = pageSize();
  auto reserved = reserveAddressSpace(4 * page);
  ASSERT_TRUE(reserved) << reserved.error().toString();
  auto* base = static_cast<uint8_t*>(*reserved);
  ASSERT_TRUE(commitPages(base + page, 2 * page));
  for (size_t i = 0; i < 2 * page; ++i) ASSERT_EQ(base[page + i], 0) << i;
  std::memset(base + page, 0xAB, 2 * page);
  EXPECT_EQ(base[page + 2 * page - 1], 0xAB);
  EXPECT_TRUE(releaseAddressSpace(base, 4 * page));
}

TEST(PlatformVirtualMemory, DecommitDropsContents) {
  const size_t page = pageSize();
  auto region = VirtualMemoryRegion::reserve(2 * page);
  ASSERT_TRUE(region) << region.error().toString();
  ASSERT_TRUE(region->commit(0, 2 * page));
  std::memset(region->base(), 0x5A, 2 * page);
  ASSERT_TRUE(region->decommit(0, page));
  ASSERT_TRUE(region->commit(0, page));
  EXPECT_EQ(region->base()[0], 0);
  EXPECT_EQ(region->base()[page - 1], 0);
  EXPECT_EQ(region->base()[page], 0x5A);  // the second page was left alone
}

TEST(PlatformVirtualMemory, MisalignedArgumentsAreUsageErrors) {
  const size_t page = pageSize();
  auto region = VirtualMemoryRegion::reserve(2 * page);
  ASSERT_TRUE(region);
  auto misalignedSize = region->commit(0, page / 2);
  ASSERT_FALSE(misalignedSize);
  EXPECT_EQ(misalignedSize.error().kind, ErrorKind::Usage);
  auto misalignedAddress = commitPages(region->base() + 1, page);
  ASSERT_FALSE(misalignedAddress);
  EXPECT_EQ(misalignedAddress.error().kind, ErrorKind::Usage);
  EXPECT_FALSE(reserveAddressSpace(0));
}

TEST(PlatformVirtualMemory, RangesOutsideTheRegionAreRejected) {
  const size_t page = pageSize();
  auto region = VirtualMemoryRegion::reserve(2 * page);
  ASSERT_TRUE(region);
  EXPECT_FALSE(region->commit(page, 2 * page));
  EXPECT_FALSE(region->commit(3 * page, page));
  EXPECT_FALSE(region->decommit(SIZE_MAX - page + 1, 2 * page));
}

TEST(PlatformVirtualMemory, ImpossibleReservationIsAnError) {
  auto reserved = reserveAddressSpace(size_t{1} << 62);
  ASSERT_FALSE(reserved);
  EXPECT_FALSE(reserved.error().message.empty());
}

TEST(PlatformVirtualMemory, RegionMovesOwnership) {
  const size_t page = pageSize();
  auto region = VirtualMemoryRegion::reserve(page);
  ASSERT_TRUE(region);
  uint8_t* base = region->base();
  VirtualMemoryRegion moved = std::move(*region);
  EXPECT_TRUE(region->empty());
  EXPECT_EQ(moved.base(), base);
  EXPECT_EQ(moved.size(), page);
  VirtualMemoryRegion assigned;
  assigned = std::move(moved);
  EXPECT_TRUE(moved.empty());
  EXPECT_EQ(assigned.base(), base);
  ASSERT_TRUE(assigned.commit(0, page));
  assigned.base()[0] = 1;
}

}  // namespace
}  // namespace sable::platform
