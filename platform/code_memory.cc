#include "platform/code_memory.h"

#include <asmjit/core.h>

#include <cassert>
#include <cstring>
#include <string>
#include <utility>

namespace sable::platform {

namespace {

#if defined(__aarch64__)
// Whether code written through the RW view of a dual mapping and then flushed runs as written,
// including over code that already ran from the same address. It does on hardware; user-mode
// emulators (qemu-user) cache translations per executable page and do not see writes made
// through the other view, so freed and reused code memory would run stale code there.
bool dualMappingIsCoherent(void* rx, void* rw) {
  auto run = [&](uint32_t value) {
    const uint32_t code[2] = {0x52800000u | (value << 5), 0xd65f03c0u};  // mov w0, #value; ret
    std::memcpy(rw, code, sizeof code);
    asmjit::VirtMem::flushInstructionCache(rx, sizeof code);
    return reinterpret_cast<uint32_t (*)()>(rx)();
  };
  return run(1) == 1 && run(2) == 2;
}
#else
bool dualMappingIsCoherent(void*, void*) { return true; }
#endif

}  // namespace

struct CodeMemory::Allocator {
  explicit Allocator(const asmjit::JitAllocator::CreateParams& params) : jit(&params) {}
  asmjit::JitAllocator jit;
};

Result<std::unique_ptr<CodeMemory>> CodeMemory::create() {
  // JitAllocator maps lazily, so whether dual mapping works (memfd_create or a writable shm
  // directory must be available, and, on arm64, writes through the RW view must reach
  // instruction fetch) is only known after a first allocation: probe once.
  for (bool dualMapped : {true, false}) {
    asmjit::JitAllocator::CreateParams params{};
    if (dualMapped) params.options = asmjit::JitAllocatorOptions::kUseDualMapping;
    auto allocator = std::make_unique<Allocator>(params);
    void* rx = nullptr;
    void* rw = nullptr;
    if (allocator->jit.alloc(&rx, &rw, 64) != asmjit::kErrorOk) continue;
    const bool usable = !dualMapped || dualMappingIsCoherent(rx, rw);
    allocator->jit.release(rx);
    if (!usable) continue;
    return std::unique_ptr<CodeMemory>(new CodeMemory(std::move(allocator), dualMapped));
  }
  return Error{ErrorKind::Limit, Error::kNoOffset, "cannot allocate executable memory"};
}

CodeMemory::CodeMemory(std::unique_ptr<Allocator> allocator, bool dualMapped)
    : allocator_(std::move(allocator)), dualMapped_(dualMapped) {}

CodeMemory::~CodeMemory() = default;

Result<CodeBlock> CodeMemory::allocate(size_t size) {
  if (size == 0) return Error{ErrorKind::Usage, Error::kNoOffset, "empty code allocation"};
  void* rx = nullptr;
  void* rw = nullptr;
  const asmjit::Error status = allocator_->jit.alloc(&rx, &rw, size);
  if (status != asmjit::kErrorOk) {
    return Error{
        ErrorKind::Limit, Error::kNoOffset,
        std::string("code memory allocation failed: ") + asmjit::DebugUtils::errorAsString(status)};
  }
  return CodeBlock(this, static_cast<uint8_t*>(rx), static_cast<uint8_t*>(rw), size);
}

void CodeMemory::release(uint8_t* rx) { allocator_->jit.release(rx); }

void CodeMemory::flushInstructionCache(const void* address, size_t size) {
  asmjit::VirtMem::flushInstructionCache(const_cast<void*>(address), size);
}

CodeBlock::CodeBlock(CodeBlock&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      rx_(std::exchange(other.rx_, nullptr)),
      rw_(std::exchange(other.rw_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

CodeBlock& CodeBlock::operator=(CodeBlock&& other) noexcept {
  if (this != &other) {
    releaseNow();
    owner_ = std::exchange(other.owner_, nullptr);
    rx_ = std::exchange(other.rx_, nullptr);
    rw_ = std::exchange(other.rw_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

CodeBlock::~CodeBlock() { releaseNow(); }

void CodeBlock::releaseNow() {
  if (owner_ != nullptr) owner_->release(rx_);
  owner_ = nullptr;
  rx_ = rw_ = nullptr;
  size_ = 0;
}

void CodeBlock::write(size_t offset, const void* bytes, size_t count) {
  assert(offset <= size_ && count <= size_ - offset);
  std::memcpy(rw_ + offset, bytes, count);
}

void CodeBlock::finalize() { CodeMemory::flushInstructionCache(rx_, size_); }

}  // namespace sable::platform
