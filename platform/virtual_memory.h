// Address-space reservations: reserve a range that nothing else can be mapped into, then make
// parts of it usable (commit) or give their physical memory back (decommit) without losing the
// range. Linear memories and their guard regions are built from this.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sable/result.h"

namespace sable::platform {

// The operating system's page size: the granularity of every address and size passed to the
// functions below.
size_t pageSize();

// Reserves `size` bytes (a multiple of pageSize()) of inaccessible address space. No physical
// memory or swap is committed to it (MAP_NORESERVE), so large reservations are cheap.
Result<void*> reserveAddressSpace(size_t size);

// Makes [address, address + size) readable and writable. Pages never written read as zero.
Result<void> commitPages(void* address, size_t size);

// Returns the physical memory behind [address, address + size) and makes it inaccessible
// again. A later commit of the same range reads as zero.
Result<void> decommitPages(void* address, size_t size);

// Drops the contents of committed pages [address, address + size): they stay accessible and
// read as zero (fresh pages are mapped on the next touch), and their physical memory is freed.
Result<void> discardPages(void* address, size_t size);

// Unmaps a reservation made by reserveAddressSpace (or part of one).
Result<void> releaseAddressSpace(void* address, size_t size);

// Owns one reservation and releases it on destruction. Move-only.
class VirtualMemoryRegion {
 public:
  VirtualMemoryRegion() = default;  // owns nothing
  static Result<VirtualMemoryRegion> reserve(size_t size);

  VirtualMemoryRegion(VirtualMemoryRegion&& other) noexcept;
  VirtualMemoryRegion& operator=(VirtualMemoryRegion&& other) noexcept;
  VirtualMemoryRegion(const VirtualMemoryRegion&) = delete;
  VirtualMemoryRegion& operator=(const VirtualMemoryRegion&) = delete;
  ~VirtualMemoryRegion();

  uint8_t* base() const { return base_; }
  size_t size() const { return size_; }
  bool empty() const { return base_ == nullptr; }

  // commitPages / decommitPages on [base + offset, base + offset + size), which must lie inside
  // the region and be page aligned.
  Result<void> commit(size_t offset, size_t size);
  Result<void> decommit(size_t offset, size_t size);
  Result<void> discard(size_t offset, size_t size);

 private:
  VirtualMemoryRegion(uint8_t* base, size_t size) : base_(base), size_(size) {}
  void releaseNow();
  Result<void> checkRange(size_t offset, size_t size) const;

  uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

}  // namespace sable::platform
