// Host fd I/O for streams (stdio, files and sockets): EINTR retried, reads bounded by the
// guest's length, non-blocking socket fds waited on when the call blocks.
#include "fd_io.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

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

namespace {

// One read of at most min(max, kMaxRead) bytes by `io` (read or pread), retried on EINTR.
template <typename Io>
ReadOutcome readWith(uint64_t max, Io io) {
  ReadOutcome out;
  out.bytes.resize(std::min(max, kMaxRead));
  ssize_t n;
  do {
    n = io(out.bytes.data(), out.bytes.size());
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

// Writes all of `bytes` by `io(data, size, bytesDoneSoFar)` (write or pwrite), retried on
// EINTR and short writes; 0 or the errno of the failure.
template <typename Io>
int writeWith(std::span<const uint8_t> bytes, Io io) {
  uint64_t done = 0;
  while (!bytes.empty()) {
    ssize_t n = io(bytes.data(), bytes.size(), done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    done += static_cast<uint64_t>(n);
  }
  return 0;
}

}  // namespace

ReadOutcome readSome(int fd, uint64_t max, bool block) {
  if (max == 0) return {};
  if (!block && !fdReady(fd, POLLIN)) return {};
  for (;;) {
    ReadOutcome out = readWith(max, [fd](uint8_t* p, size_t n) { return ::read(fd, p, n); });
    // A non-blocking fd (a socket) with nothing to read after all: wait, or report no bytes.
    if (out.error != EAGAIN && out.error != EWOULDBLOCK) return out;
    if (!block) return {};
    waitFor(fd, POLLIN);
  }
}

ReadOutcome readAt(int fd, uint64_t max, uint64_t offset) {
  if (max == 0) return {};
  if (offset > static_cast<uint64_t>(INT64_MAX)) return ReadOutcome{{}, false, EINVAL};
  return readWith(max, [fd, offset](uint8_t* p, size_t n) {
    return ::pread(fd, p, n, static_cast<off_t>(offset));
  });
}

int writeAllAt(int fd, std::span<const uint8_t> bytes, uint64_t offset) {
  return writeWith(bytes, [fd, offset](const uint8_t* p, size_t n, uint64_t done) -> ssize_t {
    if (offset + done > static_cast<uint64_t>(INT64_MAX)) {
      errno = EFBIG;
      return -1;
    }
    return ::pwrite(fd, p, n, static_cast<off_t>(offset + done));
  });
}

int writeAll(int fd, std::span<const uint8_t> bytes) {
  return writeWith(bytes, [fd](const uint8_t* p, size_t n, uint64_t) { return ::write(fd, p, n); });
}

}  // namespace sable::wasip2
