// platform/linear_memory: wasm memory growth, zeroing, bounds and both reservation modes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>

#include "child_process.h"
#include "platform/linear_memory.h"

namespace sable::platform {
namespace {

using test::addressSpaceLimitIsEnforced;
using test::capAddressSpace;
using test::ChildOutcome;
using test::expectDiedOf;
using test::kSanitizerHandlesFaults;
using test::runInChild;

using vm::BoundsMode;
constexpr uint64_t kPage = LinearMemory::kPageBytes;

void touch(uint8_t* address) { *static_cast<volatile uint8_t*>(address) = 1; }

class PlatformLinearMemory : public ::testing::TestWithParam<BoundsMode> {};

TEST_P(PlatformLinearMemory, GrowReturnsOldSizeUntilTheMaximum) {
  auto memory = LinearMemory::create(1, 4, GetParam());
  ASSERT_TRUE(memory) << memory.error().toString();
  LinearMemory& m = **memory;
  EXPECT_EQ(m.pages(), 1u);
  EXPECT_EQ(m.sizeBytes(), kPage);
  EXPECT_EQ(m.grow(0), 1);
  EXPECT_EQ(m.grow(2), 1);
  EXPECT_EQ(m.pages(), 3u);
  EXPECT_EQ(m.grow(2), -1);  // 5 > max 4
  EXPECT_EQ(m.pages(), 3u);
  EXPECT_EQ(m.grow(1), 3);
  EXPECT_EQ(m.grow(1), -1);
  EXPECT_EQ(m.grow(0), 4);
  EXPECT_EQ(m.sizeBytes(), 4 * kPage);
  EXPECT_EQ(m.vmMemory()->sizeBytes, 4 * kPage);
  EXPECT_EQ(m.vmMemory()->base, m.data());
}

TEST_P(PlatformLinearMemory, GrowStopsAtFourGibibytes) {
  auto memory = LinearMemory::create(0, std::nullopt, GetParam());
  ASSERT_TRUE(memory) << memory.error().toString();
  LinearMemory& m = **memory;
  EXPECT_EQ(m.grow(LinearMemory::kMaxPages + 1), -1);
  EXPECT_EQ(m.grow(UINT32_MAX), -1);
  EXPECT_EQ(m.grow(LinearMemory::kMaxPages - 1), 0);
  EXPECT_EQ(m.grow(2), -1);
  EXPECT_EQ(m.grow(1), int64_t{LinearMemory::kMaxPages - 1});
  EXPECT_EQ(m.sizeBytes(), uint64_t{4} << 30);
  touch(m.data() + m.sizeBytes() - 1);  // the last byte is usable
  EXPECT_EQ(m.grow(1), -1);
}

TEST_P(PlatformLinearMemory, ContentsStartZeroedAndSurviveGrowth) {
  auto memory = LinearMemory::create(2, std::nullopt, GetParam());
  ASSERT_TRUE(memory);
  LinearMemory& m = **memory;
  for (uint64_t i = 0; i < m.sizeBytes(); ++i) ASSERT_EQ(m.data()[i], 0) << i;
  std::memset(m.data(), 0xC5, m.sizeBytes());
  ASSERT_EQ(m.grow(3), 2);
  for (uint64_t i = 0; i < 2 * kPage; ++i) ASSERT_EQ(m.data()[i], 0xC5) << i;
  for (uint64_t i = 2 * kPage; i < 5 * kPage; ++i) ASSERT_EQ(m.data()[i], 0) << i;
}

TEST_P(PlatformLinearMemory, EmptyMemoryHasAUsableBase) {
  auto memory = LinearMemory::create(0, 0, GetParam());
  ASSERT_TRUE(memory) << memory.error().toString();
  EXPECT_NE((*memory)->data(), nullptr);
  EXPECT_EQ((*memory)->sizeBytes(), 0u);
  EXPECT_EQ((*memory)->grow(0), 0);
  EXPECT_EQ((*memory)->grow(1), -1);
}

TEST_P(PlatformLinearMemory, AccessJustPastTheEndFaults) {
  auto memory = LinearMemory::create(1, 10, GetParam());
  ASSERT_TRUE(memory);
  LinearMemory& m = **memory;
  touch(m.data() + m.sizeBytes() - 1);
  auto outcome = runInChild([&] {
    touch(m.data() + m.sizeBytes());
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
  // Still true after growing.
  ASSERT_EQ(m.grow(1), 1);
  touch(m.data() + m.sizeBytes() - 1);
  outcome = runInChild([&] {
    touch(m.data() + m.sizeBytes());
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
}

TEST_P(PlatformLinearMemory, VMMemoryRecordIsStable) {
  auto memory = LinearMemory::create(1, std::nullopt, GetParam());
  ASSERT_TRUE(memory);
  vm::VMMemory* record = (*memory)->vmMemory();
  ASSERT_EQ((*memory)->grow(7), 1);
  EXPECT_EQ((*memory)->vmMemory(), record);
  EXPECT_EQ(record->base, (*memory)->data());
  EXPECT_EQ(record->sizeBytes, 8 * kPage);
}

INSTANTIATE_TEST_SUITE_P(BothModes, PlatformLinearMemory,
                         ::testing::Values(BoundsMode::GuardPages, BoundsMode::Explicit),
                         [](const ::testing::TestParamInfo<BoundsMode>& info) {
                           return info.param == BoundsMode::GuardPages ? "GuardPages" : "Explicit";
                         });

TEST(PlatformLinearMemoryCreate, RejectsImpossibleLimits) {
  auto inverted = LinearMemory::create(3, 2, BoundsMode::Explicit);
  ASSERT_FALSE(inverted);
  EXPECT_EQ(inverted.error().kind, ErrorKind::Usage);
  auto tooLarge =
      LinearMemory::create(LinearMemory::kMaxPages + 1, std::nullopt, BoundsMode::GuardPages);
  ASSERT_FALSE(tooLarge);
  EXPECT_EQ(tooLarge.error().kind, ErrorKind::Limit);
}

TEST(PlatformLinearMemoryGuardPages, BaseNeverMovesAndGuardCoversEveryI32Access) {
  auto memory = LinearMemory::create(1, std::nullopt, BoundsMode::GuardPages);
  ASSERT_TRUE(memory);
  LinearMemory& m = **memory;
  EXPECT_EQ(m.reservedBytes(), LinearMemory::kGuardPagesReservationBytes);
  uint8_t* base = m.data();
  for (int i = 0; i < 10; ++i) ASSERT_GE(m.grow(100), 0);
  EXPECT_EQ(m.data(), base);
  // The furthest byte a wasm access can reach: index 0xFFFFFFFF + offset 0xFFFFFFFF + 15 (the
  // last byte of a v128 access). Inside the reservation, so it faults rather than reaching
  // someone else's mapping.
  const uint64_t furthest = uint64_t{UINT32_MAX} + UINT32_MAX + 15;
  EXPECT_LT(furthest, m.reservedBytes());
  for (uint64_t offset : {uint64_t{1001} * kPage, uint64_t{4} << 30, furthest}) {
    auto outcome = runInChild([&] {
      touch(base + offset);
      return 0;
    });
    SCOPED_TRACE(testing::Message() << "offset " << offset);
    expectDiedOf(outcome, SIGSEGV);
  }
}

TEST(PlatformLinearMemoryExplicit, ReservesOnlyUpToTheMaximum) {
  auto memory = LinearMemory::create(1, 16, BoundsMode::Explicit);
  ASSERT_TRUE(memory);
  EXPECT_EQ((*memory)->reservedBytes(), 16 * kPage);
  uint8_t* base = (*memory)->data();
  ASSERT_EQ((*memory)->grow(15), 1);
  EXPECT_EQ((*memory)->data(), base);  // grew inside the reservation
}

TEST(PlatformLinearMemoryExplicit, MovesWhenGrowingPastTheReservation) {
  LinearMemoryConfig config;
  config.explicitReservationCapBytes = 2 * kPage;
  auto memory = LinearMemory::create(1, 100, BoundsMode::Explicit, config);
  ASSERT_TRUE(memory) << memory.error().toString();
  LinearMemory& m = **memory;
  EXPECT_EQ(m.reservedBytes(), 2 * kPage);
  vm::VMMemory* record = m.vmMemory();
  for (uint64_t i = 0; i < m.sizeBytes(); ++i) m.data()[i] = uint8_t(i * 7);
  ASSERT_EQ(m.grow(1), 1);  // still fits
  ASSERT_EQ(m.grow(3), 2);  // must move
  EXPECT_GE(m.reservedBytes(), 5 * kPage);
  EXPECT_EQ(record->base, m.data());
  EXPECT_EQ(record->sizeBytes, 5 * kPage);
  for (uint64_t i = 0; i < kPage; ++i) ASSERT_EQ(m.data()[i], uint8_t(i * 7)) << i;
  for (uint64_t i = kPage; i < 5 * kPage; ++i) ASSERT_EQ(m.data()[i], 0) << i;
  // Page-by-page growth to the maximum works and keeps the data.
  while (m.pages() < 100) ASSERT_GE(m.grow(1), 0);
  EXPECT_EQ(m.grow(1), -1);
  EXPECT_EQ(m.data()[kPage - 1], uint8_t((kPage - 1) * 7));
}

// With too little address space for an 8 GiB reservation, guard-page memories cannot be made
// but explicit ones still can: they fall back to smaller reservations and move on growth.
TEST(PlatformLinearMemoryExplicit, WorksWithoutEightGibibytesOfAddressSpace) {
  if (!addressSpaceLimitIsEnforced()) {
    GTEST_SKIP() << "RLIMIT_AS is not enforced here (qemu-user ignores it): cannot test "
                    "running short of address space";
  }
  auto outcome = runInChild([] {
    // Room for 3 GiB more: not enough for 8 GiB (or for 4 GiB), enough to work with.
    if (!capAddressSpace(size_t{3} << 30)) return 11;

    auto guarded = LinearMemory::create(1, std::nullopt, BoundsMode::GuardPages);
    if (guarded) return 12;
    if (guarded.error().kind != ErrorKind::Limit) return 13;

    // No maximum: wants 4 GiB, falls back to a smaller reservation.
    auto memory = LinearMemory::create(1, std::nullopt, BoundsMode::Explicit);
    if (!memory) return 14;
    LinearMemory& m = **memory;
    if (m.reservedBytes() >= (uint64_t{4} << 30) || m.reservedBytes() < kPage) return 15;
    m.data()[0] = 99;
    if (m.grow(15) != 1) return 16;
    // Growing to 4 GiB would need more address space than there is: fails cleanly.
    if (m.grow(LinearMemory::kMaxPages - m.pages()) != -1) return 17;
    if (m.data()[0] != 99 || m.pages() != 16) return 18;

    // Moving to a larger reservation works under the limit too.
    LinearMemoryConfig small;
    small.explicitReservationCapBytes = 2 * kPage;
    auto moving = LinearMemory::create(1, std::nullopt, BoundsMode::Explicit, small);
    if (!moving) return 19;
    (*moving)->data()[5] = 42;
    if ((*moving)->grow(100) != 1) return 20;
    if ((*moving)->data()[5] != 42 || (*moving)->vmMemory()->base != (*moving)->data()) return 21;
    return 0;
  });
  EXPECT_TRUE(outcome.exited) << "signal " << outcome.signal;
  EXPECT_EQ(outcome.exitCode, 0);
}

}  // namespace
}  // namespace sable::platform
