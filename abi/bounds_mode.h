// How generated code keeps linear-memory accesses in bounds. Part of the ABI: the compiler
// emits code for one mode and a memory must be created for the same mode to run it.
#pragma once

#include <cstdint>

namespace sable::vm {

// How linear-memory accesses are made safe.
enum class BoundsMode : uint8_t {
  GuardPages,  // 8 GiB reservations; an out-of-bounds access faults and becomes a trap
  Explicit,    // every access compares against the current size
};

}  // namespace sable::vm
