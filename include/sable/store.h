// Store: the unit of isolation that owns everything instantiated in it.
#pragma once

#include <memory>
#include <optional>

#include "sable/engine.h"
#include "sable/trap.h"

namespace sable {

namespace detail {
class StoreImpl;
}  // namespace detail

// Owns instances, memories, tables, globals and host functions; all of them live until the
// store is destroyed. Used by one thread at a time. Movable; handles stay valid across moves.
class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  const Engine& engine() const;

  // The trap that ended the most recent failed call into wasm (Func::call, start functions,
  // instantiation's segment initialisation), or nullopt if the last call succeeded.
  const std::optional<Trap>& lastTrap() const;

  // Internal.
  detail::StoreImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<detail::StoreImpl> impl_;
};

}  // namespace sable
