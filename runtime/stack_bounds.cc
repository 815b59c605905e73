#include "runtime/stack_bounds.h"

#include <pthread.h>

#include <cstdint>

namespace sable {

namespace {

StackBounds queryStackBounds() {
  StackBounds bounds{0, UINTPTR_MAX};
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return bounds;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr != nullptr) {
    bounds.low = reinterpret_cast<uintptr_t>(addr);
    bounds.high = bounds.low + size;
  }
  pthread_attr_destroy(&attr);
  return bounds;
}

}  // namespace

StackBounds currentThreadStackBounds() {
  // Per-thread facts about the thread itself, not shared mutable state between engines.
  thread_local const StackBounds bounds = queryStackBounds();
  return bounds;
}

}  // namespace sable
