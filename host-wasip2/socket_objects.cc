// SocketFd: closes its fd and gives back its place in the open-socket count.
#include "socket_objects.h"

#include <unistd.h>

#include <utility>

namespace sable::wasip2 {

SocketFd::SocketFd(int fd, std::shared_ptr<uint32_t> openCount)
    : fd_(fd), openCount_(std::move(openCount)) {
  if (openCount_) ++*openCount_;
}

SocketFd::SocketFd(SocketFd&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), openCount_(std::move(other.openCount_)) {}

SocketFd& SocketFd::operator=(SocketFd&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
    openCount_ = std::move(other.openCount_);
  }
  return *this;
}

SocketFd::~SocketFd() { release(); }

void SocketFd::release() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (openCount_) --*openCount_;
  }
  fd_ = -1;
  openCount_.reset();
}

}  // namespace sable::wasip2
