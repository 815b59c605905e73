// A list that holds its first N elements inline: a call's handle bookkeeping (usually one or
// two entries, often none) without a heap allocation per call.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace sable::canon {

template <typename T, size_t N>
class InlineList {
 public:
  void push_back(T value) {
    if (spilled_.empty() && size_ < N) {
      inline_[size_++] = std::move(value);
      return;
    }
    if (spilled_.empty()) spilled_.assign(inline_.begin(), inline_.begin() + size_);
    spilled_.push_back(std::move(value));
  }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    push_back(T{std::forward<Args>(args)...});
  }
  void clear() {
    size_ = 0;
    spilled_.clear();
  }
  bool empty() const { return size() == 0; }
  size_t size() const { return spilled_.empty() ? size_ : spilled_.size(); }

  T* begin() { return spilled_.empty() ? inline_.data() : spilled_.data(); }
  T* end() { return begin() + size(); }
  const T* begin() const { return spilled_.empty() ? inline_.data() : spilled_.data(); }
  const T* end() const { return begin() + size(); }
  std::reverse_iterator<T*> rbegin() { return std::reverse_iterator<T*>(end()); }
  std::reverse_iterator<T*> rend() { return std::reverse_iterator<T*>(begin()); }

 private:
  std::array<T, N> inline_{};
  size_t size_ = 0;
  std::vector<T> spilled_;  // all the elements once there are more than N
};

}  // namespace sable::canon
