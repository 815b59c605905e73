// A growable array of pointers whose storage comes straight from the operating system as
// zero-filled pages, committed only when touched. Tables are made of these: a table of ten
// million null funcrefs costs address space, not 80 MB of written memory and the seconds it
// takes to fill them, and running out of memory is an error value, never std::bad_alloc.
#pragma once

#include <cstddef>

#include "sable/result.h"

namespace sable::platform {

class PointerArray {
 public:
  PointerArray() = default;
  PointerArray(PointerArray&& other) noexcept;
  PointerArray& operator=(PointerArray&& other) noexcept;
  PointerArray(const PointerArray&) = delete;
  PointerArray& operator=(const PointerArray&) = delete;
  ~PointerArray();

  // Resizes to `count` elements; new ones hold `fill`. Existing elements keep their values but
  // may move (data() changes). Fails with ErrorKind::ResourceExhausted when the system has no
  // memory or address space for it, leaving the array as it was.
  Result<void> resize(size_t count, void* fill);

  void** data() const { return data_; }
  size_t size() const { return size_; }
  void** begin() const { return data_; }
  void** end() const { return data_ + size_; }
  void*& operator[](size_t i) const { return data_[i]; }

 private:
  void release();

  void** data_ = nullptr;
  size_t size_ = 0;
  size_t mappedBytes_ = 0;  // a multiple of the page size; 0 when nothing is mapped
};

}  // namespace sable::platform
