// A store's StoreLimits and the usage they are checked against: every creation and growth of an
// instance, memory or table asks here first and reports here after.
#pragma once

#include <cstdint>
#include <string>

#include "sable/result.h"
#include "sable/store_limits.h"

namespace sable::detail {

// "4 GiB", "1088 KiB", "100 bytes": a byte count as limit messages show it.
std::string byteSizeText(uint64_t bytes);

// Holds one store's limits and usage. The check* functions say whether one more thing fits;
// their errors (ErrorKind::ResourceExhausted) start with `what` ("instantiation: memory 0",
// "Memory::grow") and name the limit that refused it.
class ResourceLimiter {
 public:
  void setLimits(const StoreLimits& limits) { limits_ = limits; }
  const StoreLimits& limits() const { return limits_; }
  const StoreUsage& usage() const { return usage_; }

  // `count` more instances, memories or tables (instantiation asks for all of a module's at
  // once, before creating any).
  Result<void> checkNewInstances(const std::string& what, uint64_t count) const;
  Result<void> checkNewMemories(const std::string& what, uint64_t count) const;
  Result<void> checkNewTables(const std::string& what, uint64_t count) const;
  // A memory of `bytes`, created while `pendingBytes` more are about to be created with it.
  Result<void> checkMemoryBytes(const std::string& what, uint64_t bytes,
                                uint64_t pendingBytes = 0) const;
  // A memory growing from `oldBytes` to `newBytes`.
  Result<void> checkMemoryGrowth(const std::string& what, uint64_t oldBytes,
                                 uint64_t newBytes) const;
  // A table of `elements` (new, or grown to that size).
  Result<void> checkTableElements(const std::string& what, uint64_t elements) const;

  // The cheap yes/no forms, for memory.grow and table.grow from wasm code.
  bool allowsMemoryGrowth(uint64_t oldBytes, uint64_t newBytes) const;
  bool allowsTableElements(uint64_t elements) const;

  // Bookkeeping, after the fact.
  void instanceCreated() { ++usage_.instances; }
  void tableCreated() { ++usage_.tables; }
  void memoryCreated(uint64_t bytes) {
    ++usage_.memories;
    usage_.memoryBytes += bytes;
  }
  void memoryResized(uint64_t oldBytes, uint64_t newBytes) {
    usage_.memoryBytes = usage_.memoryBytes - oldBytes + newBytes;
  }

 private:
  // A memory of `bytes` beside `otherBytes` in the store's other memories.
  Result<void> checkMemorySize(const std::string& what, uint64_t bytes, uint64_t otherBytes) const;

  StoreLimits limits_;
  StoreUsage usage_;
};

}  // namespace sable::detail
