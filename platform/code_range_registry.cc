#include "platform/code_range_registry.h"

namespace sable::platform {

std::optional<uint32_t> CodeRangeRegistry::add(uintptr_t begin, uintptr_t end, uintptr_t landing) {
  std::lock_guard lock(writerMutex_);
  const uint32_t used = slotsInUse_.load(std::memory_order_relaxed);
  uint32_t index = 0;
  while (index < used && slots_[index].inUse) ++index;
  if (index == kCapacity) return std::nullopt;
  Slot& slot = slots_[index];
  slot.inUse = true;
  write(slot, begin, end, landing);
  // Publish the slot after its fields: a reader that sees the larger count sees the range.
  if (index == used) slotsInUse_.store(used + 1, std::memory_order_release);
  return index;
}

void CodeRangeRegistry::remove(uint32_t index) {
  std::lock_guard lock(writerMutex_);
  Slot& slot = slots_[index];
  write(slot, 0, 0, 0);
  slot.inUse = false;
  // Shrink the scanned prefix past trailing empty slots. A reader still scanning with the old
  // count only meets empty slots there.
  uint32_t used = slotsInUse_.load(std::memory_order_relaxed);
  while (used > 0 && !slots_[used - 1].inUse) --used;
  slotsInUse_.store(used, std::memory_order_release);
}

void CodeRangeRegistry::write(Slot& slot, uintptr_t begin, uintptr_t end, uintptr_t landing) {
  // Writers are serialised by writerMutex_. Release stores keep the odd sequence store before
  // the field stores, and the field stores before the final even store; a reader that sees any
  // new field value therefore sees a changed sequence afterwards. (No standalone fences, which
  // ThreadSanitizer cannot model.)
  const uint32_t sequence = slot.sequence.load(std::memory_order_relaxed);
  slot.sequence.store(sequence + 1, std::memory_order_relaxed);
  slot.begin.store(begin, std::memory_order_release);
  slot.end.store(end, std::memory_order_release);
  slot.landing.store(landing, std::memory_order_release);
  slot.sequence.store(sequence + 2, std::memory_order_release);
}

uintptr_t CodeRangeRegistry::find(uintptr_t pc) const {
  const uint32_t used = slotsInUse_.load(std::memory_order_acquire);
  for (uint32_t index = 0; index < used; ++index) {
    const Slot& slot = slots_[index];
    const uint32_t before = slot.sequence.load(std::memory_order_acquire);
    if (before & 1) continue;
    // Acquire loads keep the sequence re-check below after the field loads.
    const uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    const uintptr_t end = slot.end.load(std::memory_order_acquire);
    const uintptr_t landing = slot.landing.load(std::memory_order_acquire);
    if (slot.sequence.load(std::memory_order_relaxed) != before) continue;
    if (pc >= begin && pc < end) return landing;
  }
  return 0;
}

}  // namespace sable::platform
