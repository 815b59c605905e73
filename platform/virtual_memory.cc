#include "platform/virtual_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

#include "platform/system_error.h"

namespace sable::platform {

namespace {

bool isPageAligned(uintptr_t value) { return (value & (pageSize() - 1)) == 0; }

// mmap and mprotect silently round sizes up; a misaligned size here is a caller bug that would
// otherwise make a commit cover more than the caller asked for.
Result<void> checkAligned(const char* operation, void* address, size_t size) {
  if (isPageAligned(reinterpret_cast<uintptr_t>(address)) && isPageAligned(size) && size != 0) {
    return {};
  }
  return Error{ErrorKind::Usage, Error::kNoOffset,
               std::string(operation) + ": address and size must be non-zero page multiples"};
}

}  // namespace

size_t pageSize() {
  // Constant for the life of the process; sysconf cannot fail for _SC_PAGESIZE.
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

Result<void*> reserveAddressSpace(size_t size) {
  if (auto aligned = checkAligned("reserve", nullptr, size); !aligned) return aligned.error();
  void* address =
      mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (address == MAP_FAILED) return systemError("mmap (reserve)", errno);
  return address;
}

Result<void> commitPages(void* address, size_t size) {
  if (auto aligned = checkAligned("commit", address, size); !aligned) return aligned;
  if (mprotect(address, size, PROT_READ | PROT_WRITE) != 0) {
    return systemError("mprotect (commit)", errno);
  }
  return {};
}

Result<void> decommitPages(void* address, size_t size) {
  if (auto aligned = checkAligned("decommit", address, size); !aligned) return aligned;
  // MADV_DONTNEED on a private anonymous mapping drops the pages; the next touch after a
  // re-commit maps fresh zero pages. Protect first so nothing can touch them in between.
  if (mprotect(address, size, PROT_NONE) != 0) return systemError("mprotect (decommit)", errno);
  if (madvise(address, size, MADV_DONTNEED) != 0) return systemError("madvise (decommit)", errno);
  return {};
}

Result<void> discardPages(void* address, size_t size) {
  if (auto aligned = checkAligned("discard", address, size); !aligned) return aligned;
  if (madvise(address, size, MADV_DONTNEED) != 0) return systemError("madvise (discard)", errno);
  return {};
}

Result<void> releaseAddressSpace(void* address, size_t size) {
  if (auto aligned = checkAligned("release", address, size); !aligned) return aligned;
  if (munmap(address, size) != 0) return systemError("munmap", errno);
  return {};
}

Result<VirtualMemoryRegion> VirtualMemoryRegion::reserve(size_t size) {
  auto address = reserveAddressSpace(size);
  if (!address) return address.error();
  return VirtualMemoryRegion(static_cast<uint8_t*>(*address), size);
}

VirtualMemoryRegion::VirtualMemoryRegion(VirtualMemoryRegion&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

VirtualMemoryRegion& VirtualMemoryRegion::operator=(VirtualMemoryRegion&& other) noexcept {
  if (this != &other) {
    releaseNow();
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

VirtualMemoryRegion::~VirtualMemoryRegion() { releaseNow(); }

void VirtualMemoryRegion::releaseNow() {
  if (base_ == nullptr) return;
  // munmap of a range we mapped ourselves cannot fail; a destructor has nowhere to report to.
  (void)releaseAddressSpace(base_, size_);
  base_ = nullptr;
  size_ = 0;
}

Result<void> VirtualMemoryRegion::checkRange(size_t offset, size_t size) const {
  if (offset <= size_ && size <= size_ - offset) return {};
  return Error{ErrorKind::Usage, Error::kNoOffset, "range outside the virtual memory region"};
}

Result<void> VirtualMemoryRegion::commit(size_t offset, size_t size) {
  if (auto inside = checkRange(offset, size); !inside) return inside;
  return commitPages(base_ + offset, size);
}

Result<void> VirtualMemoryRegion::decommit(size_t offset, size_t size) {
  if (auto inside = checkRange(offset, size); !inside) return inside;
  return decommitPages(base_ + offset, size);
}

Result<void> VirtualMemoryRegion::discard(size_t offset, size_t size) {
  if (auto inside = checkRange(offset, size); !inside) return inside;
  return discardPages(base_ + offset, size);
}

}  // namespace sable::platform
