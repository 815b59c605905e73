// Host fd I/O for stdio and socket streams: EINTR retried, reads bounded by the guest's
// length, non-blocking socket fds waited on when the call blocks.
#include "fd_io.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace sable::wasip2 {
namespace {
// One read's bound, whatever length the guest asked for (it asks again for more).
constexpr uint64_t kMaxRead = 64 * 1024;
}  // namespace

void waitFor(int fd, short events) {
  pollfd p{fd, events, 0};
  while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
}

int sendAll(int fd, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return errno;
      waitFor(fd, POLLOUT);
      continue;
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return 0;
}

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
  for (;;) {
    n = ::read(fd, out.bytes.data(), out.bytes.size());
    if (n >= 0) break;
    if (errno == EINTR) continue;
    // A non-blocking fd (a socket) with nothing to read after all: wait, or report no bytes.
    if (errno != EAGAIN && errno != EWOULDBLOCK) break;
    if (!block) {
      out.bytes.clear();
      return out;
    }
    waitFor(fd, POLLIN);
  }
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
