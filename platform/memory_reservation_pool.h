// Released linear-memory reservations kept for reuse. Creating a guard-page memory costs an
// 8 GiB mmap and destroying it a munmap; an instance taken from the pool needs neither, and its
// pages were already zeroed when the previous owner gave the reservation back.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

#include "platform/virtual_memory.h"

namespace sable::platform {

// A reservation whose first `accessibleBytes` are readable and writable and read as zero; the
// rest is inaccessible.
struct PooledReservation {
  VirtualMemoryRegion region;
  size_t accessibleBytes = 0;
};

// Thread-safe; bounded by `capacity` reservations (address space only: pooled reservations
// hold no physical memory). One per Engine.
class MemoryReservationPool {
 public:
  explicit MemoryReservationPool(size_t capacity) : capacity_(capacity) {}
  MemoryReservationPool(const MemoryReservationPool&) = delete;
  MemoryReservationPool& operator=(const MemoryReservationPool&) = delete;

  // A pooled reservation of exactly `size` bytes, if there is one.
  std::optional<PooledReservation> take(size_t size);
  // Takes back `region`, of which the first `accessibleBytes` (a page multiple) may hold data:
  // their contents are dropped first, so the next owner cannot see them. Released instead when
  // the pool is full or the pages cannot be reset.
  void give(VirtualMemoryRegion region, size_t accessibleBytes);

  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<PooledReservation> free_;
};

}  // namespace sable::platform
