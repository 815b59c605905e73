// Entering and leaving component instances (CanonicalABI.md may_enter_from, enter_from,
// leave_to).
#include "component/canon/instance_state.h"

#include "component/canon/trap.h"

namespace sable::canon {
namespace {

// Whether a call from `caller` enters `s` (one of the callee's chain): the callee and its
// ancestors that are not also the caller's, so a parent may call into its child ("donut
// wrapping"). Walked on the fly: no set is built per call.
bool entered(const InstanceState* s, const InstanceState* caller) {
  return !caller || !s->isSelfOrAncestorOf(caller);
}

}  // namespace

Result<void> enterInstance(InstanceState& callee, const InstanceState* caller) {
  if (callee.trapped) {
    return trap("cannot enter component instance " + callee.path +
                " (it trapped earlier, so it is locked down)");
  }
  for (InstanceState* s = &callee; s; s = s->parent) {
    if (entered(s, caller) && !s->mayEnter) {
      return trap("cannot enter component instance " + s->path + " (reentrance)");
    }
  }
  for (InstanceState* s = &callee; s; s = s->parent) {
    if (entered(s, caller)) s->mayEnter = false;
  }
  return {};
}

void leaveInstance(InstanceState& callee, const InstanceState* caller) {
  for (InstanceState* s = &callee; s; s = s->parent) {
    if (entered(s, caller)) s->mayEnter = true;
  }
}

}  // namespace sable::canon
