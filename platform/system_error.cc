#include "platform/system_error.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace sable::platform {

namespace {

// strerror_r has two signatures: GNU returns the message (which may not be in `buffer`), XSI
// returns a status and always fills `buffer`. Overloading on the return type accepts both.
[[maybe_unused]] const char* strerrorText(const char* gnuResult, const char*) { return gnuResult; }
[[maybe_unused]] const char* strerrorText(int /*xsiStatus*/, const char* buffer) { return buffer; }

}  // namespace

Error systemError(const char* operation, int errnoValue) {
  ErrorKind kind = ErrorKind::Io;
  if (errnoValue == ENOMEM) kind = ErrorKind::Limit;
  if (errnoValue == EINVAL) kind = ErrorKind::Usage;
  char buffer[128] = {};
  // strerror (not _r) may share a static buffer between threads.
  const char* text = strerrorText(strerror_r(errnoValue, buffer, sizeof buffer), buffer);
  std::string message = operation;
  message += " failed: ";
  message += text;
  return Error{kind, Error::kNoOffset, std::move(message)};
}

}  // namespace sable::platform
