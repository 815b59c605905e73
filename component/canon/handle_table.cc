// HandleTable: CanonicalABI.md's Table with ResourceHandle elements.
#include "component/canon/handle_table.h"

#include <algorithm>
#include <string>

#include "component/canon/trap.h"

namespace sable::canon {

Result<uint32_t> HandleTable::add(HandleElem elem) {
  if (!free_.empty()) {
    uint32_t index = free_.back();
    free_.pop_back();
    slots_[index] = elem;
    return index;
  }
  if (slots_.size() > kMaxLength) return trap("handle table is full (2^28 - 1 handles)");
  slots_.emplace_back(elem);
  return static_cast<uint32_t>(slots_.size() - 1);
}

Result<HandleElem*> HandleTable::get(uint32_t index) {
  if (index >= slots_.size() || !slots_[index]) {
    return trap("unknown handle index " + std::to_string(index));
  }
  return &*slots_[index];
}

Result<HandleElem> HandleTable::remove(uint32_t index) {
  Result<HandleElem*> found = get(index);
  if (!found) return found.error();
  HandleElem elem = **found;
  slots_[index].reset();
  free_.push_back(index);
  return elem;
}

Result<void> HandleTable::restore(uint32_t index, HandleElem elem) {
  auto slot = std::find(free_.begin(), free_.end(), index);
  if (slot == free_.end()) return trap("handle index " + std::to_string(index) + " is in use");
  free_.erase(slot);
  slots_[index] = elem;
  return {};
}

}  // namespace sable::canon
