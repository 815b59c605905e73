// The host's monotonic clock in nanoseconds (wasi:clocks/monotonic-clock's instant).
#pragma once

#include <cstdint>

namespace sable::wasip2 {

// Now, in nanoseconds since an arbitrary start.
uint64_t monotonicNowNs();

}  // namespace sable::wasip2
