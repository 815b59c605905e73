#include "sable/result.h"

#include <cstdio>

namespace sable {

const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed:
      return "malformed";
    case ErrorKind::Invalid:
      return "invalid";
    case ErrorKind::Unlinkable:
      return "unlinkable";
    case ErrorKind::Trap:
      return "trap";
    case ErrorKind::Limit:
      return "limit exceeded";
    case ErrorKind::Unsupported:
      return "unsupported";
    case ErrorKind::Io:
      return "i/o error";
    case ErrorKind::Usage:
      return "usage error";
    case ErrorKind::ResourceExhausted:
      return "resource exhausted";
  }
  return "error";
}

std::string Error::toString() const {
  std::string s = errorKindName(kind);
  if (offset != kNoOffset) {
    char buf[48];
    std::snprintf(buf, sizeof buf, " at offset 0x%zx", offset);
    s += buf;
  }
  s += ": ";
  s += message;
  return s;
}

}  // namespace sable
