// platform/memory_reservation_pool: reused reservations come back zeroed, with exactly the new
// memory's pages accessible, and the pool stays within its bound.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>

#include "child_process.h"
#include "platform/linear_memory.h"
#include "platform/memory_reservation_pool.h"
#include "sable/sable.h"
#include "wasm_builder.h"

namespace sable::platform {
namespace {

using test::expectDiedOf;
using test::runInChild;
using vm::BoundsMode;
constexpr uint64_t kPage = LinearMemory::kPageBytes;

void touch(uint8_t* address) { *static_cast<volatile uint8_t*>(address) = 1; }

std::unique_ptr<LinearMemory> pooledMemory(uint32_t pages,
                                           const std::shared_ptr<MemoryReservationPool>& pool,
                                           BoundsMode mode = BoundsMode::GuardPages) {
  auto memory = LinearMemory::create(pages, std::nullopt, mode, {}, pool);
  EXPECT_TRUE(memory) << memory.error().toString();
  return memory ? std::move(*memory) : nullptr;
}

TEST(PlatformMemoryPool, ReusedReservationIsZeroedAndCannotSeeOldData) {
  auto pool = std::make_shared<MemoryReservationPool>(4);
  auto first = pooledMemory(3, pool);
  ASSERT_TRUE(first);
  uint8_t* base = first->data();
  std::memset(base, 0xAB, 3 * kPage);
  first.reset();
  EXPECT_EQ(pool->size(), 1u);

  auto second = pooledMemory(3, pool);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->data(), base);  // really the same reservation
  EXPECT_EQ(pool->size(), 0u);
  for (uint64_t i = 0; i < 3 * kPage; i += 512) ASSERT_EQ(second->data()[i], 0) << i;
}

TEST(PlatformMemoryPool, SmallerMemoryGetsTheRestInaccessible) {
  auto pool = std::make_shared<MemoryReservationPool>(4);
  auto first = pooledMemory(4, pool);
  ASSERT_TRUE(first);
  std::memset(first->data(), 0x5A, 4 * kPage);
  first.reset();

  auto second = pooledMemory(1, pool);
  ASSERT_TRUE(second);
  LinearMemory& m = *second;
  touch(m.data() + kPage - 1);
  auto outcome = runInChild([&] {
    touch(m.data() + kPage);  // was accessible for the previous owner
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
  // Growing brings the pages back, zeroed.
  ASSERT_EQ(m.grow(3), 1);
  for (uint64_t i = kPage; i < 4 * kPage; i += 512) ASSERT_EQ(m.data()[i], 0) << i;
  touch(m.data() + 4 * kPage - 1);
  outcome = runInChild([&] {
    touch(m.data() + 4 * kPage);
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
}

TEST(PlatformMemoryPool, LargerMemoryGetsItsPagesCommitted) {
  auto pool = std::make_shared<MemoryReservationPool>(4);
  auto first = pooledMemory(1, pool);
  ASSERT_TRUE(first);
  std::memset(first->data(), 0x11, kPage);
  first.reset();
  auto second = pooledMemory(5, pool);
  ASSERT_TRUE(second);
  for (uint64_t i = 0; i < 5 * kPage; i += 512) ASSERT_EQ(second->data()[i], 0) << i;
  touch(second->data() + 5 * kPage - 1);
  auto outcome = runInChild([&] {
    touch(second->data() + 5 * kPage);
    return 0;
  });
  expectDiedOf(outcome, SIGSEGV);
}

TEST(PlatformMemoryPool, KeepsAtMostItsCapacity) {
  auto pool = std::make_shared<MemoryReservationPool>(2);
  {
    auto a = pooledMemory(1, pool);
    auto b = pooledMemory(1, pool);
    auto c = pooledMemory(1, pool);
    ASSERT_TRUE(a && b && c);
  }
  EXPECT_EQ(pool->size(), 2u);
}

TEST(PlatformMemoryPool, ExplicitModeMemoriesAreNotPooled) {
  auto pool = std::make_shared<MemoryReservationPool>(2);
  auto m = pooledMemory(1, pool, BoundsMode::Explicit);
  ASSERT_TRUE(m);
  m.reset();
  EXPECT_EQ(pool->size(), 0u);
}

TEST(PlatformMemoryPool, OnlyReservationsOfTheRequestedSizeAreTaken) {
  MemoryReservationPool pool(2);
  auto region = VirtualMemoryRegion::reserve(16 * pageSize());
  ASSERT_TRUE(region);
  ASSERT_TRUE(region->commit(0, pageSize()));
  region->base()[0] = 7;
  pool.give(std::move(*region), pageSize());
  EXPECT_FALSE(pool.take(32 * pageSize()));
  std::optional<PooledReservation> back = pool.take(16 * pageSize());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->accessibleBytes, pageSize());
  EXPECT_EQ(back->region.base()[0], 0);
}

// Through the public API: a second store's instance does not see the first one's data even
// though its memory reuses the reservation.
TEST(PlatformMemoryPool, InstancesInLaterStoresStartFromZero) {
  using namespace sable::test;
  Result<Engine> engine = Engine::create();
  ASSERT_TRUE(engine.ok()) << engine.error().toString();
  ModuleParts p;
  p.memories = {limits(1)};
  p.exports = {exportEntry("memory", kExternMemory, 0)};
  const Bytes wasm = p.build();
  Result<Module> module = Module::compile(*engine, wasm);
  ASSERT_TRUE(module.ok()) << module.error().toString();
  Linker linker;
  for (int round = 0; round < 3; ++round) {
    Store store(*engine);
    Result<Instance> inst = linker.instantiate(store, *module);
    ASSERT_TRUE(inst.ok()) << inst.error().toString();
    Memory memory = *inst->getMemory("memory");
    uint8_t seen[4] = {1, 1, 1, 1};
    ASSERT_TRUE(memory.read(100, seen).ok());
    EXPECT_EQ(seen[0] | seen[1] | seen[2] | seen[3], 0) << "round " << round;
    const uint8_t secret[4] = {0xDE, 0xAD, 0xBE, 0xEF};
    ASSERT_TRUE(memory.write(100, secret).ok());
  }
}

}  // namespace
}  // namespace sable::platform
