// Store: the unit of isolation that owns everything instantiated in it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "sable/engine.h"
#include "sable/result.h"
#include "sable/store_limits.h"
#include "sable/trap.h"

namespace sable {

// Owns instances, memories, tables, globals and host functions; all of them live until the
// store is destroyed. Used by one thread at a time. Movable; handles stay valid across moves.
// A store keeps its engine alive.
class Store {
 public:
  // An empty store of `engine`.
  explicit Store(const Engine& engine);
  // Destroys everything the store holds.
  ~Store();
  // Moves the store; handles to its objects stay valid.
  Store(Store&&) noexcept;
  // Destroys what this store held and takes over `other`'s objects.
  Store& operator=(Store&&) noexcept;

  // The engine the store belongs to (a handle sharing it).
  const Engine& engine() const;

  // The trap that ended the most recent failed call into wasm (Func::call, start functions,
  // instantiation's segment initialisation), or nullopt if the last call succeeded.
  const std::optional<Trap>& lastTrap() const;

  // --- Interruption (see EngineConfig::epochInterruption and consumeFuel) ------------------
  // Wasm code running in this store traps with TrapKind::Interrupted once the engine's epoch
  // has advanced `ticksFromNow` times from its current value (0: at the next check). Until
  // this is called the deadline is never reached. May be called from host functions during a
  // call; takes effect at once. Has no effect unless the engine has epoch interruption.
  void setEpochDeadline(uint64_t ticksFromNow);

  // Sets the fuel left to `fuel` and restarts fuelConsumed() from 0. Wasm code traps with
  // TrapKind::FuelExhausted when it would consume more than is left. Fails (Usage) unless the
  // engine consumes fuel. Fuel is capped at INT64_MAX.
  Result<void> setFuel(uint64_t fuel);
  // Fuel left (0 after a FuelExhausted trap); fails unless the engine consumes fuel.
  Result<uint64_t> fuel() const;
  // Fuel consumed since the last setFuel: one unit per wasm operator executed (nop, block,
  // loop, else and end are free), counted per straight-line run of code when the run ends
  // (at a branch, call, return or label), so a call that trapped may have consumed up to a
  // run's worth more than its budget. 0 unless the engine consumes fuel.
  uint64_t fuelConsumed() const;

  // --- Embedder data ---------------------------------------------------------------------
  // Attaches `data` to the store, for host functions to find through Caller::data(). The
  // store calls `destructor(data)` (unless it is null) when the data is replaced and when the
  // store is destroyed, after everything else in it.
  void setData(void* data, void (*destructor)(void*) = nullptr);
  // The data given to setData, or null.
  void* data() const;

  // --- Limits (see StoreLimits) -------------------------------------------------------------
  // Replaces the store's limits; they apply to everything created or grown from now on
  // (what the store already holds stays). A new store has no limits.
  void setLimits(const StoreLimits& limits);
  // The limits in force.
  const StoreLimits& limits() const;
  // What the store holds now, as the limits count it.
  const StoreUsage& usage() const;

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Impl;              // defined in runtime/store_impl.h

  std::unique_ptr<Impl> impl_;
};

}  // namespace sable
