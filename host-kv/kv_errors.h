// Error values the key-value backends share.
#pragma once

#include <string>
#include <string_view>

#include "sable/result.h"

namespace sable::kv {

// The store could not do what was asked (unreachable, broken, timed out).
inline Error ioError(std::string message) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(message)};
}

// The request makes no sense for the data (a counter that is not a number, a limit of 0).
inline Error usageError(std::string message) {
  return Error{ErrorKind::Usage, Error::kNoOffset, std::move(message)};
}

}  // namespace sable::kv
