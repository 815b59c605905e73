#include "runtime/epoch_registry.h"

#include <algorithm>
#include <atomic>

namespace sable::detail {

namespace {

// Compiled code reads the flag with a plain aligned 32-bit load; a relaxed atomic store is
// enough, as the check is a poll and publishes nothing else.
void storeFlag(vm::VMContext* ctx, bool raised) {
  std::atomic_ref<uint32_t>(ctx->interruptRequested)
      .store(raised ? 1u : 0u, std::memory_order_relaxed);
}

}  // namespace

void EpochRegistry::setFlags(const StoreEpochState& store, bool raised) {
  for (vm::VMContext* ctx : store.contexts) storeFlag(ctx, raised);
}

void EpochRegistry::increment() {
  std::lock_guard lock(mutex_);
  const uint64_t now = epoch_.fetch_add(1, std::memory_order_relaxed) + 1;
  for (StoreEpochState* store : stores_) {
    if (store->pending || store->deadline > now) continue;
    store->pending = true;
    setFlags(*store, true);
  }
}

void EpochRegistry::setDeadline(StoreEpochState& store, uint64_t ticksFromNow) {
  std::lock_guard lock(mutex_);
  const uint64_t now = epoch_.load(std::memory_order_relaxed);
  store.deadline = ticksFromNow > UINT64_MAX - now ? UINT64_MAX : now + ticksFromNow;
  store.pending = store.deadline <= now;
  setFlags(store, store.pending);
  if (!store.registered) {
    stores_.push_back(&store);
    store.registered = true;
  }
}

void EpochRegistry::addContext(StoreEpochState& store, vm::VMContext* ctx) {
  std::lock_guard lock(mutex_);
  store.contexts.push_back(ctx);
  storeFlag(ctx, store.pending);
}

void EpochRegistry::remove(StoreEpochState& store) {
  std::lock_guard lock(mutex_);
  if (!store.registered) return;
  stores_.erase(std::find(stores_.begin(), stores_.end(), &store));
  store.registered = false;
}

}  // namespace sable::detail
