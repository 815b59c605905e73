// Caller: what a host function knows about the call that reached it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sable/extern.h"
#include "sable/instance.h"
#include "sable/memory.h"

namespace sable {

class Store;

// The context of one call of a host function (Func::wrap, Func::hostWithCaller): the store,
// the store's embedder data, and the wasm instance whose code made the call, whose exports
// (its "memory", typically) the function may use. Valid only during that call.
class Caller {
 public:
  // The store the function runs in; it may be used to call back into wasm.
  Store& store() const { return *store_; }

  // The store's embedder data (Store::setData), or null.
  void* data() const;

  // The instance whose wasm code called the function; nullopt when the host called it
  // directly (Func::call).
  std::optional<Instance> instance() const;

  // The calling instance's export `name`; nullopt when there is no such export or no calling
  // instance.
  std::optional<Extern> getExport(std::string_view name) const;
  // The calling instance's export `name` if it is a memory.
  std::optional<Memory> getMemory(std::string_view name) const;

 private:
  friend struct ApiAccess;  // the runtime makes callers (runtime/api_access.h)

  Caller(Store& store, uintptr_t returnAddress) : store_(&store), returnAddress_(returnAddress) {}

  Store* store_;
  uintptr_t returnAddress_;  // into the calling wasm code, or 0 for a call from the host
};

}  // namespace sable
