#include "platform/pointer_array.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "platform/virtual_memory.h"

namespace sable::platform {

namespace {

Error exhausted(size_t count) {
  return Error{ErrorKind::ResourceExhausted, Error::kNoOffset,
               "out of memory for a table of " + std::to_string(count) +
                   " elements: " + std::strerror(errno)};
}

}  // namespace

PointerArray::PointerArray(PointerArray&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mappedBytes_(std::exchange(other.mappedBytes_, 0)) {}

PointerArray& PointerArray::operator=(PointerArray&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mappedBytes_ = std::exchange(other.mappedBytes_, 0);
  }
  return *this;
}

PointerArray::~PointerArray() { release(); }

void PointerArray::release() {
  if (mappedBytes_ != 0) munmap(data_, mappedBytes_);
  data_ = nullptr;
  size_ = 0;
  mappedBytes_ = 0;
}

Result<void> PointerArray::resize(size_t count, void* fill) {
  if (count > SIZE_MAX / sizeof(void*) - pageSize()) return exhausted(count);
  const size_t page = pageSize();
  const size_t needed = (count * sizeof(void*) + page - 1) / page * page;
  if (needed > mappedBytes_) {
    // Fresh anonymous pages read as zero, so null elements cost nothing until written; growth
    // moves the pages (mremap) rather than copying them.
    void* mapped = mappedBytes_ == 0 ? mmap(nullptr, needed, PROT_READ | PROT_WRITE,
                                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                                     : mremap(data_, mappedBytes_, needed, MREMAP_MAYMOVE);
    if (mapped == MAP_FAILED) return exhausted(count);
    data_ = static_cast<void**>(mapped);
    mappedBytes_ = needed;
  }
  if (count > size_ && fill != nullptr) std::fill(data_ + size_, data_ + count, fill);
  if (count < size_) std::fill(data_ + count, data_ + size_, nullptr);  // reads as zero again
  size_ = count;
  return {};
}

}  // namespace sable::platform
