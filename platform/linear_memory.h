// A wasm 32-bit linear memory: its bytes, its growth rules, and the VMMemory record that
// generated code reads the base and size from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "abi/bounds_mode.h"
#include "abi/vm.h"
#include "platform/memory_reservation_pool.h"
#include "platform/virtual_memory.h"
#include "sable/result.h"

namespace sable::platform {

// Tuning for how much address space a LinearMemory reserves. The defaults suit a 64-bit host.
struct LinearMemoryConfig {
  // Explicit mode: the largest reservation made up front (the declared maximum is reserved when
  // it fits under this). Growing past the reservation moves the memory.
  uint64_t explicitReservationCapBytes = uint64_t{4} << 30;
};

// A wasm linear memory of 64 KiB pages, 32-bit addressed (at most 65536 pages).
//
// The VMMemory record lives inside this object, which is heap-allocated and never moves, so
// generated code and importing instances may keep a pointer to it for the memory's lifetime.
// Contents start zeroed. Not thread-safe: grow() must not race with other calls or with wasm
// code using the memory.
//
// BoundsMode::GuardPages: reserves kGuardPagesReservationBytes so that any i32 index plus any
// u32 offset plus an access of up to 16 bytes lands inside the reservation; everything past the
// current size is inaccessible and faults. Growing commits pages in place; data() never changes.
//
// BoundsMode::Explicit: generated code compares every access against sizeBytes, so only the
// accessible bytes need to be mapped. Reserves up to the declared maximum (capped by
// LinearMemoryConfig), falling back to smaller reservations when address space is short;
// growing past the reservation moves the contents to a larger one, and data() (and
// VMMemory::base) change. Generated code reloads the base after calls for this reason.
class LinearMemory {
 public:
  static constexpr uint64_t kPageBytes = 65536;
  static constexpr uint32_t kMaxPages = 65536;  // 4 GiB: the 32-bit address space
  // 4 GiB addressable + 4 GiB guard covers index + offset; one more wasm page covers the access
  // size of an access starting at the very last such address.
  static constexpr uint64_t kGuardPagesReservationBytes = (uint64_t{8} << 30) + kPageBytes;

  // With a `pool` (GuardPages mode only), the reservation comes from it when it has one, and
  // goes back to it, its pages zeroed, when the memory is destroyed.
  static Result<std::unique_ptr<LinearMemory>> create(
      uint32_t initialPages, std::optional<uint32_t> maxPages, vm::BoundsMode mode,
      const LinearMemoryConfig& config = {}, std::shared_ptr<MemoryReservationPool> pool = nullptr);

  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;
  ~LinearMemory();

  // memory.grow: returns the old size in pages, or -1 when the new size would exceed the
  // maximum (declared, or 65536 pages) or the memory could not be committed or moved. On -1 the
  // memory is unchanged.
  int64_t grow(uint32_t deltaPages);

  uint32_t pages() const { return pages_; }
  uint8_t* data() const { return vm_.base; }
  uint64_t sizeBytes() const { return vm_.sizeBytes; }
  vm::VMMemory* vmMemory() { return &vm_; }
  std::optional<uint32_t> maxPages() const { return maxPages_; }
  vm::BoundsMode boundsMode() const { return mode_; }
  // Bytes of address space currently reserved (for tests and diagnostics).
  uint64_t reservedBytes() const { return reservation_.size(); }

 private:
  LinearMemory(vm::BoundsMode mode, std::optional<uint32_t> maxPages)
      : mode_(mode), maxPages_(maxPages) {}

  Result<void> initialize(uint32_t initialPages, const LinearMemoryConfig& config);
  // Explicit mode: moves the contents to a new reservation of at least `neededBytes`.
  bool moveToLargerReservation(uint64_t neededBytes);
  uint32_t effectiveMaxPages() const;

  vm::BoundsMode mode_;
  std::optional<uint32_t> maxPages_;
  uint32_t pages_ = 0;
  VirtualMemoryRegion reservation_;
  vm::VMMemory vm_;
  std::shared_ptr<MemoryReservationPool> pool_;  // where the reservation goes back to, or null
};

}  // namespace sable::platform
