// The lifted arguments of one call into the host, held inline when there are few: a host call
// with a handful of parameters lifts them without a heap allocation, and constructs (and
// destroys) only the values it lifted.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "sable/component_val.h"

namespace sable::canon {

class LiftedArgs {
 public:
  static constexpr size_t kInline = 4;

  LiftedArgs() = default;
  LiftedArgs(const LiftedArgs&) = delete;
  LiftedArgs& operator=(const LiftedArgs&) = delete;
  ~LiftedArgs() { std::destroy_n(inlineValues(), size_); }

  // Prepares for `count` arguments (past kInline they all go to the heap).
  void reserve(size_t count) {
    if (count > kInline) spilled_.reserve(count);
  }
  void push(cm::Val v) {
    if (spilled_.capacity() == 0 && size_ < kInline) {
      new (&storage_[size_ * sizeof(cm::Val)]) cm::Val(std::move(v));
      ++size_;
    } else {
      spilled_.push_back(std::move(v));
    }
  }
  std::span<const cm::Val> view() const {
    if (spilled_.capacity() != 0) return spilled_;
    return {inlineValues(), size_};
  }

 private:
  cm::Val* inlineValues() { return std::launder(reinterpret_cast<cm::Val*>(storage_)); }
  const cm::Val* inlineValues() const {
    return std::launder(reinterpret_cast<const cm::Val*>(storage_));
  }

  alignas(cm::Val) std::byte storage_[kInline * sizeof(cm::Val)];
  size_t size_ = 0;
  std::vector<cm::Val> spilled_;
};

}  // namespace sable::canon
