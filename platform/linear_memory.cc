#include "platform/linear_memory.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>

namespace sable::platform {

namespace {

uint64_t roundDownToWasmPages(uint64_t bytes) {
  return bytes / LinearMemory::kPageBytes * LinearMemory::kPageBytes;
}

// A reservation of zero bytes is not possible, and a memory that can never hold a byte still
// wants a valid, unique base address (memory.fill with length 0 may use it).
uint64_t atLeastOneOsPage(uint64_t bytes) { return std::max<uint64_t>(bytes, pageSize()); }

}  // namespace

Result<std::unique_ptr<LinearMemory>> LinearMemory::create(
    uint32_t initialPages, std::optional<uint32_t> maxPages, vm::BoundsMode mode,
    const LinearMemoryConfig& config, std::shared_ptr<MemoryReservationPool> pool) {
  if (maxPages && *maxPages < initialPages) {
    return Error{ErrorKind::Usage, Error::kNoOffset, "linear memory minimum exceeds its maximum"};
  }
  if (initialPages > kMaxPages || (maxPages && *maxPages > kMaxPages)) {
    return Error{ErrorKind::Limit, Error::kNoOffset,
                 "linear memory larger than 65536 pages (4 GiB)"};
  }
  // Not make_unique: the constructor is private.
  std::unique_ptr<LinearMemory> memory(new LinearMemory(mode, maxPages));
  if (mode == vm::BoundsMode::GuardPages) memory->pool_ = std::move(pool);
  if (auto ready = memory->initialize(initialPages, config); !ready) return ready.error();
  return memory;
}

LinearMemory::~LinearMemory() {
  // Only a reservation whose accessible part is exactly [0, sizeBytes) may go back: that is
  // what the pool's next user relies on. A failed initialize leaves vm_.base unset.
  if (pool_ && vm_.base != nullptr && !reservation_.empty()) {
    pool_->give(std::move(reservation_), vm_.sizeBytes);
  }
}

uint32_t LinearMemory::effectiveMaxPages() const { return maxPages_.value_or(kMaxPages); }

Result<void> LinearMemory::initialize(uint32_t initialPages, const LinearMemoryConfig& config) {
  const uint64_t initialBytes = uint64_t{initialPages} * kPageBytes;

  if (mode_ == vm::BoundsMode::GuardPages) {
    std::optional<PooledReservation> pooled;
    if (pool_) pooled = pool_->take(kGuardPagesReservationBytes);
    if (pooled) {
      // Its first accessibleBytes read as zero and are accessible: adjust to initialBytes.
      reservation_ = std::move(pooled->region);
      const uint64_t accessible = pooled->accessibleBytes;
      Result<void> adjusted;
      if (accessible > initialBytes) {
        adjusted = reservation_.decommit(initialBytes, accessible - initialBytes);
      } else if (accessible < initialBytes) {
        adjusted = reservation_.commit(accessible, initialBytes - accessible);
      }
      if (!adjusted) return adjusted.error();
      pages_ = initialPages;
      vm_.base = reservation_.base();
      vm_.sizeBytes = initialBytes;
      return {};
    }
    auto region = VirtualMemoryRegion::reserve(kGuardPagesReservationBytes);
    if (!region) return region.error();
    reservation_ = std::move(*region);
  } else {
    // Reserve for the maximum when allowed, so growth never moves; when the address space is
    // short, halve until something fits, down to exactly the initial size.
    const uint64_t maxBytes = uint64_t{effectiveMaxPages()} * kPageBytes;
    const uint64_t floor = atLeastOneOsPage(initialBytes);
    uint64_t attempt = atLeastOneOsPage(
        std::max(initialBytes,
                 roundDownToWasmPages(std::min(maxBytes, config.explicitReservationCapBytes))));
    while (true) {
      auto region = VirtualMemoryRegion::reserve(attempt);
      if (region) {
        reservation_ = std::move(*region);
        break;
      }
      if (attempt == floor) return region.error();
      attempt = std::max(floor, roundDownToWasmPages(attempt / 2));
    }
  }

  if (initialBytes != 0) {
    if (auto committed = reservation_.commit(0, initialBytes); !committed) {
      return committed.error();
    }
  }
  pages_ = initialPages;
  vm_.base = reservation_.base();
  vm_.sizeBytes = initialBytes;
  return {};
}

int64_t LinearMemory::grow(uint32_t deltaPages) {
  const uint32_t oldPages = pages_;
  const uint64_t newPages = uint64_t{oldPages} + deltaPages;
  if (newPages > effectiveMaxPages()) return -1;
  if (deltaPages == 0) return oldPages;

  const uint64_t newBytes = newPages * kPageBytes;
  if (newBytes <= reservation_.size()) {
    if (!reservation_.commit(vm_.sizeBytes, newBytes - vm_.sizeBytes)) return -1;
  } else if (!moveToLargerReservation(newBytes)) {
    // Only reachable in Explicit mode: the GuardPages reservation covers all 4 GiB.
    return -1;
  }
  pages_ = static_cast<uint32_t>(newPages);
  vm_.sizeBytes = newBytes;
  return oldPages;
}

bool LinearMemory::moveToLargerReservation(uint64_t neededBytes) {
  // Grow the reservation geometrically so a memory grown page by page is not copied each time.
  const uint64_t maxBytes = uint64_t{effectiveMaxPages()} * kPageBytes;
  const uint64_t preferred = std::max(neededBytes, std::min(maxBytes, reservation_.size() * 2));
  for (uint64_t attempt : {preferred, neededBytes}) {
    auto region = VirtualMemoryRegion::reserve(attempt);
    if (!region) continue;
    if (!region->commit(0, neededBytes)) continue;
    // The old region is released (and its contents dropped) when `region` takes its place.
    std::memcpy(region->base(), reservation_.base(), vm_.sizeBytes);
    reservation_ = std::move(*region);
    vm_.base = reservation_.base();
    return true;
  }
  return false;
}

}  // namespace sable::platform
