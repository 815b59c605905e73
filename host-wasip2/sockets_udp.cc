// wasi:sockets/udp and udp-create-socket: a non-blocking datagram socket bound (start-bind,
// finish-bind) to a granted address, whose stream gives an incoming and an outgoing datagram
// stream (children of the socket), connected to a granted peer or not. Every address the guest
// binds, connects or sends to is checked against the policy's UDP grants; datagrams from
// peers the policy does not admit are dropped unread.
#include <netinet/in.h>
#include <poll.h>

#include <cerrno>

#include "fd_io.h"
#include "socket_util.h"

namespace sable::wasip2 {
namespace {

using State = UdpSocket::State;
using UdpBody = MethodBody<UdpSocket>;

// The most datagrams one receive returns and one check-send permits.
constexpr uint64_t kDatagramBatch = 64;
// The largest datagram receive reads (the largest a UDP payload can be).
constexpr size_t kMaxDatagram = 65535;

bool admittedPeer(const Context::Impl& cx, const sockaddr_storage& peer) {
  return admitted(cx.sockets.policy, cx.sockets.policy.udp, peer);
}

UdpBody startBind(Context::Impl* cx) {
  return [cx](HostContext& hcx, UdpSocket& self, uint32_t, Args args) -> Result<Val> {
    if (Result<void> n = checkNetwork(hcx, *cx, args[0]); !n) return n.error();
    if (self.state == State::BindStarted) return errorCode("concurrency-conflict");
    if (self.state != State::Unbound) return errorCode("invalid-state");
    Result<sockaddr_storage> given = sockaddrOf(args[1]);
    if (!given) return given.error();
    sockaddr_storage local = *given;
    if (local.ss_family != self.family) return errorCode("invalid-argument");
    if (!admittedPeer(*cx, local)) return errorCode("access-denied");
    if (::bind(self.fd.get(), reinterpret_cast<sockaddr*>(&local), sockaddrSize(local)) != 0) {
      return errnoCode(errno);
    }
    self.state = State::BindStarted;
    return Val::ok();
  };
}

UdpBody finishBind() {
  return [](HostContext&, UdpSocket& self, uint32_t, Args) -> Result<Val> {
    if (self.state != State::BindStarted) return errorCode("not-in-progress");
    self.state = State::Bound;
    return Val::ok();
  };
}

// Connects the socket to `remote` or (none) disconnects it; "" or the error-code. `remote`
// has the shape of an option<ip-socket-address> (checked by the caller).
std::string_view setPeer(Context::Impl& cx, UdpSocket& self, const Val& remote) {
  if (remote.caseName() == "none") {
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    (void)::connect(self.fd.get(), &unspec, sizeof unspec);
    self.peer.reset();
    return "";
  }
  sockaddr_storage peer = *sockaddrOf(*remote.payload());
  if (std::string_view problem = remoteAddressProblem(self.family, peer); !problem.empty()) {
    return problem;
  }
  if (!admittedPeer(cx, peer)) return "access-denied";
  if (::connect(self.fd.get(), reinterpret_cast<sockaddr*>(&peer), sockaddrSize(peer)) != 0) {
    return errorCodeName(errno);
  }
  self.peer = peer;
  return "";
}

UdpBody stream(Context::Impl* cx) {
  return [cx](HostContext& hcx, UdpSocket& self, uint32_t rep, Args args) -> Result<Val> {
    if (!isOptionalIpSocketAddress(args[0])) return guestTrap("stream: not an address option");
    if (self.state != State::Bound) return errorCode("invalid-state");
    if (std::string_view problem = setPeer(*cx, self, args[0]); !problem.empty()) {
      return errorCode(problem);
    }
    const int fd = self.fd.get();
    OutgoingDatagramStream outgoing{fd, self.family, self.peer, 0};
    IncomingDatagramStream incoming{fd, self.peer.has_value()};
    Result<Val> in = newObject(hcx, *cx, cx->types.sockets.incomingDatagramStream, incoming, rep);
    if (!in) return in.error();
    Result<Val> out = newObject(hcx, *cx, cx->types.sockets.outgoingDatagramStream, outgoing, rep);
    if (!out) return out.error();
    return Val::ok(Val::tuple({std::move(*in), std::move(*out)}));
  };
}

UdpBody addresses(bool local) {
  return [local](HostContext&, UdpSocket& self, uint32_t, Args) -> Result<Val> {
    if (local && self.state == State::Unbound) return errorCode("invalid-state");
    if (!local && !self.peer) return errorCode("invalid-state");
    return local ? localAddress(self.fd.get()) : peerAddress(self.fd.get());
  };
}

// One datagram received without blocking: the value, or nullopt when none is waiting. An
// error-code for a failure (in `problem`).
std::optional<Val> receiveOne(const Context::Impl& cx, const IncomingDatagramStream& in,
                              std::vector<uint8_t>& buffer, int& problem) {
  for (;;) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(in.fd, buffer.data(), buffer.size(), MSG_DONTWAIT,
                           reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) problem = errno;
      return std::nullopt;
    }
    if (!in.connected && !admittedPeer(cx, from)) continue;  // not a granted peer: dropped
    std::span<const uint8_t> data(buffer.data(), static_cast<size_t>(n));
    return Val::record({{"data", bytesVal(data)}, {"remote-address", ipSocketAddressVal(from)}});
  }
}

cm::HostContextFunc receive(Context::Impl* cx) {
  using Body = MethodBody<IncomingDatagramStream>;
  Body body = [cx](HostContext&, IncomingDatagramStream& in, uint32_t, Args args) -> Result<Val> {
    uint64_t want = std::min(args[0].asU64(), kDatagramBatch);
    std::vector<uint8_t> buffer(kMaxDatagram);
    std::vector<Val> datagrams;
    int problem = 0;
    while (datagrams.size() < want) {
      std::optional<Val> d = receiveOne(*cx, in, buffer, problem);
      if (!d) break;
      datagrams.push_back(std::move(*d));
    }
    if (problem != 0 && datagrams.empty()) return errnoCode(problem);
    return Val::ok(Val::list(std::move(datagrams)));
  };
  return method<IncomingDatagramStream>(cx, cx->types.sockets.incomingDatagramStream, body, 1);
}

// Where one outgoing datagram goes: its own address or the stream's peer; the sockaddr, or
// the error-code.
std::variant<std::optional<sockaddr_storage>, std::string_view> destination(
    const Context::Impl& cx, const OutgoingDatagramStream& out, const Val& remote) {
  if (remote.caseName() == "none") {
    if (!out.peer) return std::string_view("invalid-argument");
    return std::optional<sockaddr_storage>();
  }
  sockaddr_storage to = *sockaddrOf(*remote.payload());
  if (std::string_view problem = remoteAddressProblem(out.family, to); !problem.empty()) {
    return problem;
  }
  if (out.peer && policyAddressOf(*out.peer) != policyAddressOf(to)) {
    return std::string_view("invalid-argument");  // a connected stream sends to its peer only
  }
  if (!admittedPeer(cx, to)) return std::string_view("access-denied");
  return out.peer ? std::optional<sockaddr_storage>() : std::optional(to);
}

// Sends one datagram; "" when it went, "would-block" when the buffer is full, or the code.
std::string_view sendOne(const Context::Impl& cx, const OutgoingDatagramStream& out,
                         const Val& datagram) {
  auto where = destination(cx, out, datagram.elements()[1]);
  if (auto* problem = std::get_if<std::string_view>(&where)) return *problem;
  const auto& to = std::get<std::optional<sockaddr_storage>>(where);
  std::vector<uint8_t> data = bytesOf(datagram.elements()[0]);
  ssize_t n;
  do {
    n = to ? ::sendto(out.fd, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                      reinterpret_cast<const sockaddr*>(&*to), sockaddrSize(*to))
           : ::send(out.fd, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errorCodeName(errno);
  return "";
}

cm::HostContextFunc send(Context::Impl* cx) {
  using Body = MethodBody<OutgoingDatagramStream>;
  Body body = [cx](HostContext&, OutgoingDatagramStream& out, uint32_t, Args args) -> Result<Val> {
    std::span<const Val> datagrams = args[0].elements();
    for (const Val& d : datagrams) {  // the shape first: nothing is sent for a malformed list
      bool wellFormed = d.kind() == ValKind::Record && d.elements().size() == 2 &&
                        d.elements()[0].kind() == ValKind::List &&
                        isOptionalIpSocketAddress(d.elements()[1]);
      if (!wellFormed) return guestTrap("udp send: not a list of outgoing-datagram");
    }
    if (datagrams.size() > out.permitted) {
      return guestTrap("udp send of more datagrams than check-send permitted");
    }
    out.permitted -= datagrams.size();
    uint64_t sent = 0;
    for (const Val& d : datagrams) {
      std::string_view problem = sendOne(*cx, out, d);
      if (problem == "would-block") break;
      if (!problem.empty()) return sent == 0 ? errorCode(problem) : Val::ok(Val::u64(sent));
      ++sent;
    }
    return Val::ok(Val::u64(sent));
  };
  return method<OutgoingDatagramStream>(cx, cx->types.sockets.outgoingDatagramStream, body, 1);
}

cm::HostContextFunc checkSend(Context::Impl* cx) {
  using Body = MethodBody<OutgoingDatagramStream>;
  Body body = [](HostContext&, OutgoingDatagramStream& out, uint32_t, Args) -> Result<Val> {
    out.permitted = fdReady(out.fd, POLLOUT) ? kDatagramBatch : 0;
    return Val::ok(Val::u64(out.permitted));
  };
  return method<OutgoingDatagramStream>(cx, cx->types.sockets.outgoingDatagramStream, body);
}

// subscribe for a datagram stream: ready when the fd is for `events`.
template <typename T>
cm::HostContextFunc subscribeFd(Context::Impl* cx, cm::HostResource type, short events) {
  MethodBody<T> body = [cx, events](HostContext& hcx, T& self, uint32_t rep, Args) -> Result<Val> {
    return newObject(hcx, *cx, cx->types.pollable, fdPollable(self.fd, events), rep);
  };
  return method<T>(cx, type, body);
}

void defineStreams(Bindings& b) {
  Context::Impl* cx = &b.context();
  SocketTypes& t = cx->types.sockets;
  t.incomingDatagramStream = b.resource(iface::kUdp, "incoming-datagram-stream");
  t.outgoingDatagramStream = b.resource(iface::kUdp, "outgoing-datagram-stream");
  b.func(iface::kUdp, "[method]incoming-datagram-stream.receive", receive(cx));
  b.func(iface::kUdp, "[method]incoming-datagram-stream.subscribe",
         subscribeFd<IncomingDatagramStream>(cx, t.incomingDatagramStream, POLLIN));
  b.func(iface::kUdp, "[method]outgoing-datagram-stream.check-send", checkSend(cx));
  b.func(iface::kUdp, "[method]outgoing-datagram-stream.send", send(cx));
  b.func(iface::kUdp, "[method]outgoing-datagram-stream.subscribe",
         subscribeFd<OutgoingDatagramStream>(cx, t.outgoingDatagramStream, POLLOUT));
}

void defineCreate(Bindings& b) {
  Context::Impl* cx = &b.context();
  // No UDP grant: not even a socket.
  auto granted = [](const SocketPolicy& p) { return !p.udp.empty(); };
  b.func(iface::kUdpCreate, "create-udp-socket",
         socketCreator<UdpSocket>(cx, SOCK_DGRAM, cx->types.sockets.udpSocket, granted));
}

}  // namespace

void defineUdp(Bindings& b) {
  Context::Impl* cx = &b.context();
  const cm::HostResource type = cx->types.sockets.udpSocket = b.resource(iface::kUdp, "udp-socket");
  auto def = [&](const char* name, UdpBody body, size_t arity = 0) {
    b.func(iface::kUdp, std::string("[method]udp-socket.") + name,
           method<UdpSocket>(cx, type, std::move(body), arity));
  };
  def("start-bind", startBind(cx), 2);
  def("finish-bind", finishBind());
  def("stream", stream(cx), 1);
  def("local-address", addresses(true));
  def("remote-address", addresses(false));
  def("address-family", [](HostContext&, UdpSocket& s, uint32_t, Args) -> Result<Val> {
    return addressFamilyVal(s.family);
  });
  def("unicast-hop-limit", [](HostContext&, UdpSocket& s, uint32_t, Args) -> Result<Val> {
    return hopLimit(s.fd.get(), s.family);
  });
  def(
      "set-unicast-hop-limit",
      [](HostContext&, UdpSocket& s, uint32_t, Args a) -> Result<Val> {
        return setHopLimit(s.fd.get(), s.family, a[0].asU8());
      },
      1);
  def("receive-buffer-size", [](HostContext&, UdpSocket& s, uint32_t, Args) -> Result<Val> {
    return bufferSize(s.fd.get(), SO_RCVBUF);
  });
  def(
      "set-receive-buffer-size",
      [](HostContext&, UdpSocket& s, uint32_t, Args a) -> Result<Val> {
        return setBufferSize(s.fd.get(), SO_RCVBUF, a[0].asU64());
      },
      1);
  def("send-buffer-size", [](HostContext&, UdpSocket& s, uint32_t, Args) -> Result<Val> {
    return bufferSize(s.fd.get(), SO_SNDBUF);
  });
  def(
      "set-send-buffer-size",
      [](HostContext&, UdpSocket& s, uint32_t, Args a) -> Result<Val> {
        return setBufferSize(s.fd.get(), SO_SNDBUF, a[0].asU64());
      },
      1);
  def("subscribe", [cx](HostContext& hcx, UdpSocket&, uint32_t rep, Args) -> Result<Val> {
    return newObject(hcx, *cx, cx->types.pollable, Pollable{}, rep);
  });
  defineStreams(b);
  defineCreate(b);
}

}  // namespace sable::wasip2
