// Reading and writing the host file descriptors behind streams (stdio, files and sockets).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sable::wasip2 {

// What one read gave: bytes, end of stream, or an errno.
struct ReadOutcome {
  std::vector<uint8_t> bytes;
  bool eof = false;
  int error = 0;
};

// Reads up to `max` bytes from `fd`; without `block`, returns no bytes when none are ready.
ReadOutcome readSome(int fd, uint64_t max, bool block);
// Writes all of `bytes` to `fd`; 0 or the errno of the failure.
int writeAll(int fd, std::span<const uint8_t> bytes);
// Reads up to `max` bytes of the file `fd` at `offset` (pread); eof when none are left.
ReadOutcome readAt(int fd, uint64_t max, uint64_t offset);
// Writes all of `bytes` to the file `fd` at `offset` (pwrite); 0 or the errno of the failure.
int writeAllAt(int fd, std::span<const uint8_t> bytes, uint64_t offset);
// Sends all of `bytes` on the socket `fd` (non-blocking: waits while it is full), without
// SIGPIPE; 0 or the errno of the failure.
int sendAll(int fd, std::span<const uint8_t> bytes);
// Blocks until `fd` is ready for `events`.
void waitFor(int fd, short events);
// Whether `fd` is ready for `events` (POLLIN/POLLOUT) right now.
bool fdReady(int fd, short events);

}  // namespace sable::wasip2
