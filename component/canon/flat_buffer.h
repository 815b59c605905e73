// The flat values of one call's arguments or results, held inline: flattening never produces
// more than kMaxFlatParams (+1 out-pointer) of them, so lowering needs no heap allocation.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "component/canon/type_desc.h"

namespace sable::canon {

// Up to kCapacity flat values as bit patterns (i32 and f32 zero-extended).
class FlatBuffer {
 public:
  static constexpr size_t kCapacity = kMaxFlatParams + 1;

  // Appends `bits`; past kCapacity values the buffer only records that it overflowed (which
  // flattening rules out: lowering a flat value list checks the count first).
  void push(uint64_t bits) {
    if (size_ < kCapacity) {
      values_[size_++] = bits;
    } else {
      overflowed_ = true;
    }
  }
  // Pads with zeros (or truncates) to `n` values.
  void resize(size_t n) {
    for (; size_ < n && size_ < kCapacity; ++size_) values_[size_] = 0;
    if (n > kCapacity) overflowed_ = true;
    if (n < size_) size_ = n;
  }
  size_t size() const { return size_; }
  bool overflowed() const { return overflowed_; }
  std::span<const uint64_t> view() const { return {values_.data(), size_}; }
  std::vector<uint64_t> toVector() const { return {values_.begin(), values_.begin() + size_}; }

 private:
  std::array<uint64_t, kCapacity> values_{};
  size_t size_ = 0;
  bool overflowed_ = false;
};

}  // namespace sable::canon
