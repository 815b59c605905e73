// The per-engine table that gives every distinct function type one canonical id.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "sable/engine.h"
#include "sable/types.h"

namespace sable::detail {

// FuncType -> canonical uint32 id. Thread-safe: modules compile on several threads at once.
// Ids are never reused or freed; an engine sees a bounded set of signatures in practice.
class SignatureRegistry {
 public:
  uint32_t intern(const FuncType& type);
  size_t size() const;

 private:
  // The key is the type's encoding: parameter count, then the value-type bytes. Cheaper to
  // build and compare than a structural key, and unambiguous.
  static std::string keyOf(const FuncType& type);

  mutable std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> ids_;
};

}  // namespace sable::detail
