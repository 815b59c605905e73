// Running out of memory is an error value at the API boundary, never an exception that escapes
// into the embedder (or, in `sable`, std::terminate and a status that looks like a trap).
#pragma once

#include <new>
#include <stdexcept>

#include "sable/result.h"

namespace sable::detail {

// The error every API entry point returns when an allocation fails.
inline Error outOfMemory() {
  return Error{ErrorKind::ResourceExhausted, Error::kNoOffset, "out of memory"};
}

// Runs `body` (returning a Result) and turns std::bad_alloc, and std::length_error from a
// container asked for more than it can hold, into ErrorKind::ResourceExhausted.
template <typename Body>
auto errorOnExhaustion(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return outOfMemory();
  } catch (const std::length_error&) {
    return outOfMemory();
  }
}

}  // namespace sable::detail
