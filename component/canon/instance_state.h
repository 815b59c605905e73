// The canonical ABI's per-instance state (CanonicalABI.md "Component Instance State"): the
// reentrance and leave flags, lockdown after a trap, the handle table, the parent chain.
#pragma once

#include <string>

#include "component/canon/handle_table.h"

namespace sable::canon {

// One runtime component instance as the canonical ABI sees it.
struct InstanceState {
  // The enclosing component instance (nested components), or null for a root.
  InstanceState* parent = nullptr;
  // Cleared while a call is inside the instance: a second entry (reentrance) traps.
  bool mayEnter = true;
  // Cleared while the instance's realloc or post-return runs: calling out traps then.
  bool mayLeave = true;
  // Set by the first trap inside the instance; every later entry traps ("lockdown").
  bool trapped = false;
  HandleTable handles;
  // "app/store" style, for messages.
  std::string path;

  // Whether `this` is `other` or one of its ancestors.
  bool isSelfOrAncestorOf(const InstanceState* other) const {
    for (const InstanceState* s = other; s; s = s->parent) {
      if (s == this) return true;
    }
    return false;
  }
};

}  // namespace sable::canon
