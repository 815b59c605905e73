// Host fd I/O for stdio streams: EINTR retried, reads bounded by the guest's length.
#include "fd_io.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace sable::wasip2 {
namespace {
// One read's bound, whatever length the guest asked for (it asks again for more).
constexpr uint64_t kMaxRead = 64 * 1024;
}  // namespace

bool fdReady(int fd, short events) {
  pollfd p{fd, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

ReadOutcome readSome(int fd, uint64_t max, bool block) {
  ReadOutcome out;
  if (max == 0) return out;
  if (!block && !fdReady(fd, POLLIN)) return out;
  out.bytes.resize(std::min(max, kMaxRead));
  ssize_t n;
  do {
    n = ::read(fd, out.bytes.data(), out.bytes.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    out.error = errno;
    out.bytes.clear();
    return out;
  }
  out.bytes.resize(static_cast<size_t>(n));
  out.eof = n == 0;
  return out;
}

int writeAll(int fd, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace sable::wasip2
