// Traps of the canonical ABI: ErrorKind::Trap errors whose messages follow the reference tests'
// wording where they give one.
#pragma once

#include <string>
#include <utility>

#include "sable/result.h"

namespace sable::canon {

// An ErrorKind::Trap error with `message`.
inline Error trap(std::string message) {
  return Error{ErrorKind::Trap, Error::kNoOffset, std::move(message)};
}

// An ErrorKind::Usage error: the host passed a value that does not match the type.
inline Error usage(std::string message) {
  return Error{ErrorKind::Usage, Error::kNoOffset, std::move(message)};
}

}  // namespace sable::canon

// Returns the error of a failed Result-returning expression from the enclosing function (whose
// return type is a Result of any kind).
#define SABLE_CANON_CHECK(expr)                               \
  do {                                                        \
    auto&& sableCanonResult_ = (expr);                        \
    if (!sableCanonResult_) return sableCanonResult_.error(); \
  } while (false)
