#include "platform/memory_reservation_pool.h"

#include <utility>

namespace sable::platform {

std::optional<PooledReservation> MemoryReservationPool::take(size_t size) {
  std::lock_guard lock(mutex_);
  // Most recently given back first: its page tables are the likeliest to be warm.
  for (size_t i = free_.size(); i-- > 0;) {
    if (free_[i].region.size() != size) continue;
    PooledReservation r = std::move(free_[i]);
    free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
    return r;
  }
  return std::nullopt;
}

void MemoryReservationPool::give(VirtualMemoryRegion region, size_t accessibleBytes) {
  if (region.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (free_.size() >= capacity_) return;  // `region` is released on return
  }
  // Outside the lock: dropping the pages is the expensive part. The pages stay accessible, so a
  // next owner of the same size needs no protection change at all.
  if (accessibleBytes != 0 && !region.discard(0, accessibleBytes)) return;
  std::lock_guard lock(mutex_);
  if (free_.size() >= capacity_) return;
  free_.push_back(PooledReservation{std::move(region), accessibleBytes});
}

size_t MemoryReservationPool::size() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

}  // namespace sable::platform
