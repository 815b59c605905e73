// Servers on 127.0.0.1 that socket tests start on a free port, each a thread of the test
// process: a TCP echo server, a UDP echo server, and a client that keeps trying to connect.
// Each counts what reached it, so a test can show that a denied guest reached nothing.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace sable::testing {

// A socket of `type` bound to 127.0.0.1:`port` (0: a free port); -1 on failure.
inline int boundLoopbackSocket(int type, uint16_t port = 0) {
  int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  return fd;
}

// The port `fd` is bound to.
inline uint16_t boundPort(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

// A free TCP (or `type`) port on 127.0.0.1 (bound, then released).
inline uint16_t freeLoopbackPort(int type = SOCK_STREAM) {
  int fd = boundLoopbackSocket(type);
  uint16_t port = boundPort(fd);
  ::close(fd);
  return port;
}

// Whether `fd` becomes readable within `ms` milliseconds.
inline bool readableWithin(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) > 0;
}

// Accepts connections for as long as it lives; each is read to its end and answered with
// "echo:" and what came. Counts the connections it accepted.
class TcpEchoServer {
 public:
  TcpEchoServer() : fd_(boundLoopbackSocket(SOCK_STREAM)) {
    ::listen(fd_, 16);
    thread_ = std::thread([this] { serve(); });
  }
  ~TcpEchoServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  uint16_t port() const { return boundPort(fd_); }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      if (!readableWithin(fd_, 50)) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      ++connections_;
      std::string got;
      char buf[4096];
      while (readableWithin(c, 10'000)) {
        ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
      }
      std::string reply = "echo:" + got;
      (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  int fd_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Answers each datagram with "echo:" and its data; counts the datagrams.
class UdpEchoServer {
 public:
  UdpEchoServer() : fd_(boundLoopbackSocket(SOCK_DGRAM)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~UdpEchoServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  uint16_t port() const { return boundPort(fd_); }
  int datagrams() const { return datagrams_; }

 private:
  void serve() {
    while (!stop_) {
      if (!readableWithin(fd_, 50)) continue;
      char buf[2048];
      sockaddr_storage from{};
      socklen_t len = sizeof from;
      ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) continue;
      ++datagrams_;
      std::string reply = "echo:" + std::string(buf, static_cast<size_t>(n));
      (void)::sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
  int fd_;
  std::atomic<bool> stop_{false};
  std::atomic<int> datagrams_{0};
  std::thread thread_;
};

// Connects to 127.0.0.1:`port` (retrying for up to 10 s while nothing listens yet), sends
// `message`, half-closes and reads the reply to its end; "" when no connection was made.
inline std::string tcpExchange(uint16_t port, const std::string& message) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      (void)::send(fd, message.data(), message.size(), MSG_NOSIGNAL);
      ::shutdown(fd, SHUT_WR);
      std::string reply;
      char buf[4096];
      while (readableWithin(fd, 10'000)) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        reply.append(buf, static_cast<size_t>(n));
      }
      ::close(fd);
      return reply;
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

}  // namespace sable::testing
