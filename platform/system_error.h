// Turning a failed system call into a sable::Error.
#pragma once

#include "sable/result.h"

namespace sable::platform {

// An Error describing that `operation` (e.g. "mmap") failed with `errnoValue`. Running out of
// memory or address space (ENOMEM) is reported as ErrorKind::Limit, a rejected argument (EINVAL)
// as ErrorKind::Usage, and anything else as ErrorKind::Io.
Error systemError(const char* operation, int errnoValue);

}  // namespace sable::platform
