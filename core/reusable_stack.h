// A stack over storage kept from one use to the next, with inline push and pop: the decoder's
// operand types and the compiler's operand values are pushed and popped for every instruction,
// and std::vector::push_back stayed an out-of-line call there (about 3% of compile time each).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "sable/types.h"

namespace sable {

template <typename T>
class ReusableStack {
 public:
  size_t size() const { return size_; }
  T& operator[](size_t i) { return storage_[i]; }
  const T& operator[](size_t i) const { return storage_[i]; }
  T& back() { return storage_[size_ - 1]; }
  const T& back() const { return storage_[size_ - 1]; }
  std::span<const T> items() const { return {storage_.data(), size_}; }

  void push(const T& v) {
    if (size_ == storage_.size()) [[unlikely]]
      grow(size_ + 1);
    storage_[size_++] = v;
  }
  // `items` must not point into this stack (growing would move it).
  void pushAll(std::span<const T> items) {
    if (size_ + items.size() > storage_.size()) grow(size_ + items.size());
    for (const T& v : items) storage_[size_++] = v;
  }
  void pop() { --size_; }
  // Drops everything above the first `n` items (n <= size()).
  void truncate(size_t n) { size_ = n; }
  void clear() { size_ = 0; }

 private:
  // Out of line and cold, so that push stays small.
  [[gnu::noinline, gnu::cold]] void grow(size_t needed) {
    storage_.resize(std::max<size_t>(needed, 2 * storage_.size() + 64));
  }

  std::vector<T> storage_;  // [0, size_) is the stack; the rest is spare
  size_t size_ = 0;
};

// The validator's stack of operand types (the spec's validation algorithm's value stack).
using OperandTypeStack = ReusableStack<ValType>;

}  // namespace sable
