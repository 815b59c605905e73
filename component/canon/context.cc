// Memory access and allocation for lifting and lowering.
#include "component/canon/context.h"

#include <string>

#include "component/canon/trap.h"
#include "sable/value.h"

namespace sable::canon {

Result<std::span<uint8_t>> memoryBytes(const LiftLowerContext& cx) {
  if (!cx.opts.memory) return trap("canonical ABI option `memory` is required here");
  return cx.opts.memory->data();
}

Result<uint32_t> reallocate(LiftLowerContext& cx, uint32_t old, uint32_t oldSize, uint32_t align,
                            uint32_t newSize) {
  if (!cx.opts.realloc) return trap("canonical ABI option `realloc` is required here");
  bool mayLeave = cx.inst.mayLeave;
  cx.inst.mayLeave = false;
  Result<int32_t> result =
      cx.opts.realloc->call(cx.store, static_cast<int32_t>(old), static_cast<int32_t>(oldSize),
                            static_cast<int32_t>(align), static_cast<int32_t>(newSize));
  cx.inst.mayLeave = mayLeave;
  if (!result) return result.error();
  return static_cast<uint32_t>(*result);
}

namespace {

// Traps raised by a component-to-component adapter read as Wasmtime's do ("wasm trap: ..."):
// its adapters are wasm code, and the reference tests quote that wording.
Error adapterTrap(std::string message) { return trap("wasm trap: " + std::move(message)); }

}  // namespace

Result<void> checkAllocation(const LiftLowerContext& cx, uint64_t ptr, uint64_t align,
                             uint64_t size, std::string_view what) {
  Result<std::span<uint8_t>> bytes = memoryBytes(cx);
  if (!bytes) return bytes.error();
  bool host = cx.style == TrapStyle::Host;
  if (ptr % align != 0) {
    return host ? trap("realloc return: result not aligned") : adapterTrap("unaligned pointer");
  }
  if (ptr + size > bytes->size()) {
    return host ? trap("realloc return: beyond end of memory")
                : adapterTrap(std::string(what) + " content out-of-bounds");
  }
  return {};
}

Result<void> checkRange(const LiftLowerContext& cx, uint64_t ptr, uint64_t align, uint64_t size,
                        std::string_view what) {
  Result<std::span<uint8_t>> bytes = memoryBytes(cx);
  if (!bytes) return bytes.error();
  bool host = cx.style == TrapStyle::Host;
  if (ptr % align != 0) return host ? trap("unaligned pointer") : adapterTrap("unaligned pointer");
  if (ptr + size > bytes->size()) {
    return host ? trap(std::string(what) + " pointer/length out of bounds of memory")
                : adapterTrap(std::string(what) + " content out-of-bounds");
  }
  return {};
}

uint64_t loadInt(std::span<const uint8_t> bytes, uint64_t ptr, uint32_t size) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < size; ++i) v |= uint64_t{bytes[ptr + i]} << (8 * i);
  return v;
}

void storeInt(std::span<uint8_t> bytes, uint64_t ptr, uint32_t size, uint64_t value) {
  for (uint32_t i = 0; i < size; ++i) bytes[ptr + i] = static_cast<uint8_t>(value >> (8 * i));
}

}  // namespace sable::canon
