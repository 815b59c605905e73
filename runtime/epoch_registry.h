// Epoch interruption with one compare in compiled code: the engine's epoch counter and the
// stores waiting on an epoch deadline. Advancing the epoch does the comparison that compiled
// code used to do at every check: it raises the interrupt flag (vm::VMContext::
// interruptRequested) of every instance of each store whose deadline the new epoch reaches, so
// a check only tests one word of the context register's own record.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "abi/vm.h"

namespace sable::detail {

// One store's epoch state. Owned by the store; guarded by the registry's mutex, since the thread
// advancing the epoch reads and writes it while the store's thread runs.
struct StoreEpochState {
  uint64_t deadline = UINT64_MAX;  // the epoch at which the store's code traps
  // The deadline has been reached: instances created from now on start flagged.
  bool pending = false;
  bool registered = false;               // in the registry's list of stores to flag
  std::vector<vm::VMContext*> contexts;  // every instance context of the store
};

// The engine's epoch and the stores with a deadline. Thread-safe.
class EpochRegistry {
 public:
  uint64_t current() const { return epoch_.load(std::memory_order_relaxed); }

  // Advances the epoch by one and flags every store whose deadline the new epoch reaches.
  // Any thread (not from a signal handler: it takes a mutex).
  void increment();

  // The store's thread: the store's code traps once the epoch is `ticksFromNow` past the
  // current one (at once for 0). Clears the flags a previous deadline raised.
  void setDeadline(StoreEpochState& store, uint64_t ticksFromNow);
  // The store's thread: a new instance context, flagged if the store's deadline has passed.
  void addContext(StoreEpochState& store, vm::VMContext* ctx);
  // The store's destructor: after this, increment() never touches the store again.
  void remove(StoreEpochState& store);

 private:
  static void setFlags(const StoreEpochState& store, bool raised);

  mutable std::mutex mutex_;
  std::vector<StoreEpochState*> stores_;  // the stores that have set a deadline
  // Written under mutex_ so that a deadline is compared with every epoch exactly once; read
  // without it for current().
  std::atomic<uint64_t> epoch_{0};
};

}  // namespace sable::detail
