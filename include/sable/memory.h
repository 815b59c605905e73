// Memory: a handle to a linear memory living in a Store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "sable/result.h"
#include "sable/types.h"

namespace sable {

class Store;

// A linear memory. A cheap, copyable, non-owning handle: valid as long as its store.
class Memory {
 public:
  // A new memory of `type` (limits in 64 KiB pages; min pages are zero-filled).
  // ErrorKind::ResourceExhausted past the store's StoreLimits.
  static Result<Memory> create(Store& store, MemoryType type);

  // The current type: limits.min is the current size, as import matching sees it.
  MemoryType type() const;
  // The current size in 64 KiB pages and in bytes.
  uint64_t sizePages() const;
  uint64_t sizeBytes() const;
  // The memory's bytes. Invalidated by growth (which may move the memory).
  std::span<uint8_t> data() const;

  // Grows by `deltaPages`; returns the old size in pages, ErrorKind::ResourceExhausted past
  // the store's StoreLimits (naming the limit), or ErrorKind::Limit if the maximum or the
  // system refuses.
  Result<uint64_t> grow(uint64_t deltaPages) const;

  // Bounds-checked copies out of and into the memory (ErrorKind::Trap "out of bounds memory
  // access" when [offset, offset + size) is not inside it).
  Result<void> read(uint64_t offset, std::span<uint8_t> out) const;
  Result<void> write(uint64_t offset, std::span<const uint8_t> in) const;

  // True when both handles are the same memory.
  friend bool operator==(const Memory& a, const Memory& b) { return a.object_ == b.object_; }

  // A hash consistent with ==, so handles can be keys of unordered containers.
  size_t hash() const { return std::hash<const void*>{}(object_); }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Object;            // the store's record, defined in runtime/store_objects.h

  explicit Memory(Object* object) : object_(object) {}

  Object* object_;
};

}  // namespace sable

// Hashes a handle by the object it refers to.
template <>
struct std::hash<sable::Memory> {
  size_t operator()(const sable::Memory& handle) const { return handle.hash(); }
};
