#include "runtime/resource_limiter.h"

#include <optional>

#include "platform/linear_memory.h"

namespace sable::detail {

namespace {

constexpr uint64_t kPageBytes = platform::LinearMemory::kPageBytes;

Error exhausted(const std::string& what, const std::string& needs, const std::string& limitText,
                const char* field) {
  return Error{ErrorKind::ResourceExhausted, Error::kNoOffset,
               what + " " + needs + " but the store limit is " + limitText +
                   " (StoreLimits::" + field + ")"};
}

std::string pagesText(uint64_t bytes) {
  const uint64_t pages = bytes / kPageBytes;
  return std::to_string(pages) + (pages == 1 ? " page (" : " pages (") + byteSizeText(bytes) + ")";
}

bool within(const std::optional<uint64_t>& limit, uint64_t value) {
  return !limit || value <= *limit;
}

Result<void> checkCount(const std::string& what, uint64_t have, uint64_t more, const char* noun,
                        const std::optional<uint64_t>& limit, const char* field) {
  const uint64_t total = have + more;
  // Nothing new never breaks a limit, not even one lowered below what the store holds.
  if (more == 0 || within(limit, total)) return {};
  return exhausted(what, "would make " + std::to_string(total) + " " + noun, std::to_string(*limit),
                   field);
}

}  // namespace

std::string byteSizeText(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"GiB", "MiB", "KiB"};
  for (int i = 0; i < 3; ++i) {
    const uint64_t unit = uint64_t{1} << (30 - 10 * i);
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + " " + kUnits[i];
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

Result<void> ResourceLimiter::checkNewInstances(const std::string& what, uint64_t count) const {
  return checkCount(what, usage_.instances, count, "instances", limits_.maxInstances,
                    "maxInstances");
}

Result<void> ResourceLimiter::checkNewMemories(const std::string& what, uint64_t count) const {
  return checkCount(what, usage_.memories, count, "memories", limits_.maxMemories, "maxMemories");
}

Result<void> ResourceLimiter::checkNewTables(const std::string& what, uint64_t count) const {
  return checkCount(what, usage_.tables, count, "tables", limits_.maxTables, "maxTables");
}

Result<void> ResourceLimiter::checkMemoryBytes(const std::string& what, uint64_t bytes,
                                               uint64_t pendingBytes) const {
  return checkMemorySize(what, bytes, usage_.memoryBytes + pendingBytes);
}

Result<void> ResourceLimiter::checkMemoryGrowth(const std::string& what, uint64_t oldBytes,
                                                uint64_t newBytes) const {
  return checkMemorySize(what, newBytes, usage_.memoryBytes - oldBytes);
}

Result<void> ResourceLimiter::checkMemorySize(const std::string& what, uint64_t bytes,
                                              uint64_t otherBytes) const {
  if (!within(limits_.maxMemoryBytes, bytes)) {
    return exhausted(what, "needs " + pagesText(bytes), byteSizeText(*limits_.maxMemoryBytes),
                     "maxMemoryBytes");
  }
  if (!within(limits_.maxTotalMemoryBytes, otherBytes + bytes)) {
    return exhausted(what,
                     "needs " + pagesText(bytes) + " with " + byteSizeText(otherBytes) +
                         " in the store's other memories,",
                     byteSizeText(*limits_.maxTotalMemoryBytes) + " in total",
                     "maxTotalMemoryBytes");
  }
  return {};
}

Result<void> ResourceLimiter::checkTableElements(const std::string& what, uint64_t elements) const {
  if (within(limits_.maxTableElements, elements)) return {};
  return exhausted(what, "needs " + std::to_string(elements) + " elements",
                   std::to_string(*limits_.maxTableElements), "maxTableElements");
}

bool ResourceLimiter::allowsMemoryGrowth(uint64_t oldBytes, uint64_t newBytes) const {
  return within(limits_.maxMemoryBytes, newBytes) &&
         within(limits_.maxTotalMemoryBytes, usage_.memoryBytes - oldBytes + newBytes);
}

bool ResourceLimiter::allowsTableElements(uint64_t elements) const {
  return within(limits_.maxTableElements, elements);
}

}  // namespace sable::detail
