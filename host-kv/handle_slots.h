// The host objects behind a guest's resource handles for one interface (buckets, CAS
// operations): a slot table whose index + 1 is the rep the component layer keeps.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace sable::kv {

template <typename T>
class HandleSlots {
 public:
  // Stores `object`; its rep (never 0, so a zeroed handle never names an object).
  uint32_t add(T object) {
    if (!free_.empty()) {
      uint32_t index = free_.back();
      free_.pop_back();
      slots_[index] = std::move(object);
      return index + 1;
    }
    slots_.push_back(std::move(object));
    return static_cast<uint32_t>(slots_.size());
  }

  // The object of `rep`, or null when the rep names no live object.
  T* get(uint32_t rep) {
    if (rep == 0 || rep > slots_.size() || !slots_[rep - 1]) return nullptr;
    return &*slots_[rep - 1];
  }

  // Frees `rep`'s slot; false when it named no live object.
  bool remove(uint32_t rep) {
    if (get(rep) == nullptr) return false;
    slots_[rep - 1].reset();
    free_.push_back(rep - 1);
    return true;
  }

 private:
  std::vector<std::optional<T>> slots_;
  std::vector<uint32_t> free_;
};

}  // namespace sable::kv
