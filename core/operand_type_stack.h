// The validator's stack of operand types (the spec's "value stack" of its validation
// algorithm). Push and pop are inline over storage kept from one function to the next:
// std::vector::push_back stayed an out-of-line call on the decoder's hottest path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "sable/types.h"

namespace sable {

class OperandTypeStack {
 public:
  size_t size() const { return size_; }
  ValType back() const { return storage_[size_ - 1]; }
  std::span<const ValType> types() const { return {storage_.data(), size_}; }

  void push(ValType t) {
    if (size_ == storage_.size()) [[unlikely]]
      grow(size_ + 1);
    storage_[size_++] = t;
  }
  void pushAll(std::span<const ValType> types) {
    if (size_ + types.size() > storage_.size()) grow(size_ + types.size());
    for (ValType t : types) storage_[size_++] = t;
  }
  void pop() { --size_; }
  // Drops everything above the first `n` types (n <= size()).
  void truncate(size_t n) { size_ = n; }
  void clear() { size_ = 0; }

 private:
  void grow(size_t needed) { storage_.resize(std::max<size_t>(needed, 2 * storage_.size() + 64)); }

  std::vector<ValType> storage_;  // [0, size_) is the stack
  size_t size_ = 0;
};

}  // namespace sable
