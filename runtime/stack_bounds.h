// The current thread's native stack range, for the wasm stack limit and backtrace sanity checks.
#pragma once

#include <cstdint>

namespace sable {

// [low, high): the stack grows down from high towards low.
struct StackBounds {
  uintptr_t low = 0;
  uintptr_t high = 0;
};

// Queried once per thread and cached: for the main thread glibc reads /proc/self/maps, far
// too slow for every call into wasm. Returns {0, UINTPTR_MAX} if the system cannot say.
StackBounds currentThreadStackBounds();

// Approximately the caller's stack pointer.
inline uintptr_t currentStackPointer() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

}  // namespace sable
