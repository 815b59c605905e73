// A component instance's table of resource handles (CanonicalABI.md "Table", "Resource State"):
// slot 0 reserved, freed slots reused last-freed-first, at most 2^28 - 1 slots.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "component/canon/type_desc.h"
#include "sable/result.h"

namespace sable::canon {

// The call that lowered a borrow handle; the handle must be dropped before the call returns.
struct BorrowScope {
  uint32_t borrowCount = 0;
};

// One handle: a resource of type `type` with representation `rep`.
struct HandleElem {
  ResourceTypeId type = 0;
  uint32_t rep = 0;
  bool own = false;
  // Borrows: the call they belong to (decremented when dropped).
  BorrowScope* scope = nullptr;
  // How many borrows of this handle are lent to calls in progress.
  uint32_t lendCount = 0;
};

// The handles of one component instance (or of the host).
class HandleTable {
 public:
  static constexpr uint32_t kMaxLength = (uint32_t{1} << 28) - 1;

  HandleTable() : slots_(1) {}

  // Adds `elem`, reusing the most recently freed slot; a Trap past kMaxLength slots.
  Result<uint32_t> add(HandleElem elem);
  // The handle at `index`; a Trap "unknown handle index N" for an empty or missing slot.
  Result<HandleElem*> get(uint32_t index);
  // Removes and returns the handle at `index` (Trap as for get).
  Result<HandleElem> remove(uint32_t index);
  // Puts `elem` back at the free slot `index` it was removed from (undoing a remove); a Trap
  // when the slot is not free.
  Result<void> restore(uint32_t index, HandleElem elem);
  // The number of live handles.
  size_t liveCount() const { return slots_.size() - 1 - free_.size(); }

 private:
  std::vector<std::optional<HandleElem>> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace sable::canon
