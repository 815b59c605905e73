// Executable memory for generated code, kept W^X: code is written through a read-write view and
// run through a separate read-execute view of the same pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "sable/result.h"

namespace sable::platform {

class CodeMemory;

// One allocation of code memory. Move-only; returns the memory to its CodeMemory when
// destroyed, so it must not outlive the CodeMemory that made it.
class CodeBlock {
 public:
  CodeBlock() = default;  // owns nothing
  CodeBlock(CodeBlock&& other) noexcept;
  CodeBlock& operator=(CodeBlock&& other) noexcept;
  CodeBlock(const CodeBlock&) = delete;
  CodeBlock& operator=(const CodeBlock&) = delete;
  ~CodeBlock();

  // The view to write instructions through. With dual mapping it is never executable.
  uint8_t* writable() const { return rw_; }
  // The address the code runs at (and that branches and call targets must be relative to).
  const uint8_t* executable() const { return rx_; }
  size_t size() const { return size_; }
  bool empty() const { return rx_ == nullptr; }

  // Copies `bytes` to the writable view at `offset` (which must fit in the block).
  void write(size_t offset, const void* bytes, size_t count);
  // Call after the last write and before running the code: makes the writes visible to
  // instruction fetch (needed on arm64; harmless on x86-64).
  void finalize();

 private:
  friend class CodeMemory;
  CodeBlock(CodeMemory* owner, uint8_t* rx, uint8_t* rw, size_t size)
      : owner_(owner), rx_(rx), rw_(rw), size_(size) {}
  void releaseNow();

  CodeMemory* owner_ = nullptr;
  uint8_t* rx_ = nullptr;
  uint8_t* rw_ = nullptr;
  size_t size_ = 0;
};

// An allocator of code memory (a thin wrapper over asmjit::JitAllocator). One per Engine; safe
// to allocate from and release to from several threads.
//
// It prefers dual mapping (separate RW and RX views, so no page is ever writable and executable
// at once). Where dual mapping is unavailable (no memfd/shm) it falls back to single RWX
// mappings, and isDualMapped() reports which is in use.
class CodeMemory {
 public:
  static Result<std::unique_ptr<CodeMemory>> create();
  ~CodeMemory();
  CodeMemory(const CodeMemory&) = delete;
  CodeMemory& operator=(const CodeMemory&) = delete;

  Result<CodeBlock> allocate(size_t size);
  bool isDualMapped() const { return dualMapped_; }

  // Makes freshly written instructions in [address, address + size) visible to execution.
  static void flushInstructionCache(const void* address, size_t size);

 private:
  friend class CodeBlock;
  // Holds the asmjit::JitAllocator; defined in code_memory.cc so that this header does not
  // pull in AsmJit's.
  struct Allocator;

  CodeMemory(std::unique_ptr<Allocator> allocator, bool dualMapped);
  void release(uint8_t* rx);

  std::unique_ptr<Allocator> allocator_;
  bool dualMapped_;
};

}  // namespace sable::platform
