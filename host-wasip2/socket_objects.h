// The host objects behind wasi:sockets handles: networks, TCP and UDP sockets, datagram
// streams and name-lookup streams. Each socket owns its fd and counts against the context's
// socket limit until it is dropped.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

#include "sable/wasip2.h"

namespace sable::wasip2 {

// A socket fd that closes itself, holding one place of its context's open-socket count.
class SocketFd {
 public:
  SocketFd() = default;
  SocketFd(int fd, std::shared_ptr<uint32_t> openCount);
  SocketFd(SocketFd&& other) noexcept;
  SocketFd& operator=(SocketFd&& other) noexcept;
  SocketFd(const SocketFd&) = delete;
  SocketFd& operator=(const SocketFd&) = delete;
  ~SocketFd();

  int get() const { return fd_; }

 private:
  void release();
  int fd_ = -1;
  std::shared_ptr<uint32_t> openCount_;
};

// wasi:sockets/network: the capability every operation names (its reach is the policy's).
struct Network {};

// A TCP socket and where it is in the WIT's state machine.
struct TcpSocket {
  enum class State : uint8_t {
    Unbound,
    BindStarted,
    Bound,
    ListenStarted,
    Listening,
    Connecting,
    Connected,
    Closed,
  };
  SocketFd fd;
  int family = AF_INET;
  State state = State::Unbound;
  uint64_t backlog = 128;
};

// A UDP socket: bound or not, and the peer its streams are connected to, if any.
struct UdpSocket {
  enum class State : uint8_t { Unbound, BindStarted, Bound };
  SocketFd fd;
  int family = AF_INET;
  State state = State::Unbound;
  std::optional<sockaddr_storage> peer{};
};

// The receiving half of a UDP socket's stream (a child of the socket: the fd is the socket's).
struct IncomingDatagramStream {
  int fd = -1;
  bool connected = false;  // to a granted peer: every datagram that arrives may be read
};

// The sending half: how many datagrams check-send last permitted.
struct OutgoingDatagramStream {
  int fd = -1;
  int family = AF_INET;
  std::optional<sockaddr_storage> peer{};
  uint64_t permitted = 0;
};

// The addresses a name resolved to, handed out one by one.
struct ResolveAddressStream {
  std::deque<sockaddr_storage> addresses;
};

// The resource types of wasi:sockets, named for cm::HostContext.
struct SocketTypes {
  cm::HostResource network, tcpSocket, udpSocket, incomingDatagramStream, outgoingDatagramStream,
      resolveAddressStream;
};

// A context's sockets: what they may reach, and how many are open.
struct SocketState {
  SocketPolicy policy;
  std::shared_ptr<uint32_t> openCount = std::make_shared<uint32_t>(0);
};

}  // namespace sable::wasip2
