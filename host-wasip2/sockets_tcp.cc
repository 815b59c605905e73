// wasi:sockets/tcp and tcp-create-socket: non-blocking sockets through the WIT's state machine
// (bind, connect and listen each start and finish), with the connection's streams as children
// of the socket. Binding (for listening) and connecting are checked against the policy first:
// a refused address returns access-denied and never reaches the OS.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>

#include <cerrno>
#include <climits>

#include "fd_io.h"
#include "socket_util.h"

namespace sable::wasip2 {
namespace {

using State = TcpSocket::State;
using TcpBody = MethodBody<TcpSocket>;

// The error-code for starting an operation from `state` when it is not one it starts from.
std::string_view busyOrInvalid(State state) {
  bool inProgress =
      state == State::BindStarted || state == State::ListenStarted || state == State::Connecting;
  return inProgress ? "concurrency-conflict" : "invalid-state";
}

// The connection's input and output streams, children of the socket `rep`, as a tuple.
Result<std::vector<Val>> connectionStreams(HostContext& hcx, Context::Impl& cx, int fd,
                                           uint32_t rep) {
  Result<Val> in = newObject(hcx, cx, cx.types.inputStream, InputStream::reading(fd), rep);
  if (!in) return in.error();
  Result<Val> out = newObject(hcx, cx, cx.types.outputStream, OutputStream::sendingOn(fd), rep);
  if (!out) return out.error();
  std::vector<Val> streams;
  streams.push_back(std::move(*in));
  streams.push_back(std::move(*out));
  return streams;
}

TcpBody startBind(Context::Impl* cx) {
  return [cx](HostContext& hcx, TcpSocket& self, uint32_t, Args args) -> Result<Val> {
    if (Result<void> n = checkNetwork(hcx, *cx, args[0]); !n) return n.error();
    if (self.state != State::Unbound) return errorCode(busyOrInvalid(self.state));
    Result<sockaddr_storage> given = sockaddrOf(args[1]);
    if (!given) return given.error();
    sockaddr_storage local = *given;
    if (local.ss_family != self.family) return errorCode("invalid-argument");
    if (!admitted(cx->sockets.policy, cx->sockets.policy.tcpListen, local)) {
      return errorCode("access-denied");
    }
    int on = 1;  // rebinding a port in TIME_WAIT, as servers expect
    (void)::setsockopt(self.fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(self.fd.get(), reinterpret_cast<sockaddr*>(&local), sockaddrSize(local)) != 0) {
      return errnoCode(errno);
    }
    self.state = State::BindStarted;
    return Val::ok();
  };
}

TcpBody startConnect(Context::Impl* cx) {
  return [cx](HostContext& hcx, TcpSocket& self, uint32_t, Args args) -> Result<Val> {
    if (Result<void> n = checkNetwork(hcx, *cx, args[0]); !n) return n.error();
    if (self.state != State::Unbound && self.state != State::Bound) {
      return errorCode(busyOrInvalid(self.state));
    }
    Result<sockaddr_storage> given = sockaddrOf(args[1]);
    if (!given) return given.error();
    sockaddr_storage remote = *given;
    if (std::string_view problem = remoteAddressProblem(self.family, remote); !problem.empty()) {
      return errorCode(problem);
    }
    if (!admitted(cx->sockets.policy, cx->sockets.policy.tcpConnect, remote)) {
      return errorCode("access-denied");
    }
    if (::connect(self.fd.get(), reinterpret_cast<sockaddr*>(&remote), sockaddrSize(remote)) != 0 &&
        errno != EINPROGRESS) {
      self.state = State::Closed;
      return errnoCode(errno);
    }
    self.state = State::Connecting;
    return Val::ok();
  };
}

TcpBody finishConnect(Context::Impl* cx) {
  return [cx](HostContext& hcx, TcpSocket& self, uint32_t rep, Args) -> Result<Val> {
    if (self.state != State::Connecting) return errorCode("not-in-progress");
    if (!fdReady(self.fd.get(), POLLOUT)) return errorCode("would-block");
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(self.fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
    if (error != 0) {
      self.state = State::Closed;
      return errnoCode(error);
    }
    self.state = State::Connected;
    Result<std::vector<Val>> streams = connectionStreams(hcx, *cx, self.fd.get(), rep);
    if (!streams) return streams.error();
    return Val::ok(Val::tuple(std::move(*streams)));
  };
}

TcpBody startListen() {
  return [](HostContext&, TcpSocket& self, uint32_t, Args) -> Result<Val> {
    if (self.state != State::Bound) return errorCode(busyOrInvalid(self.state));
    int backlog = static_cast<int>(std::min<uint64_t>(self.backlog, INT_MAX));
    if (::listen(self.fd.get(), backlog) != 0) return errnoCode(errno);
    self.state = State::ListenStarted;
    return Val::ok();
  };
}

// finish-bind / finish-listen: from the started state to the done one.
TcpBody finish(State started, State done) {
  return [started, done](HostContext&, TcpSocket& self, uint32_t, Args) -> Result<Val> {
    if (self.state != started) return errorCode("not-in-progress");
    self.state = done;
    return Val::ok();
  };
}

TcpBody accept(Context::Impl* cx) {
  return [cx](HostContext& hcx, TcpSocket& self, uint32_t, Args) -> Result<Val> {
    if (self.state != State::Listening) return errorCode("invalid-state");
    if (*cx->sockets.openCount >= cx->sockets.policy.maxSockets) {
      return errorCode("new-socket-limit");
    }
    int family = self.family;
    int fd = ::accept4(self.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return errnoCode(errno == ECONNABORTED ? EWOULDBLOCK : errno);
    TcpSocket client{SocketFd(fd, cx->sockets.openCount), family, State::Connected};
    Result<Val> socket = newObject(hcx, *cx, cx->types.sockets.tcpSocket, std::move(client));
    if (!socket) return socket.error();
    Result<uint32_t> clientRep = hcx.rep(cx->types.sockets.tcpSocket, *socket);
    if (!clientRep) return clientRep.error();
    Result<std::vector<Val>> streams = connectionStreams(hcx, *cx, fd, *clientRep);
    if (!streams) return streams.error();
    streams->insert(streams->begin(), std::move(*socket));
    return Val::ok(Val::tuple(std::move(*streams)));
  };
}

TcpBody addresses(bool local) {
  return [local](HostContext&, TcpSocket& self, uint32_t, Args) -> Result<Val> {
    if (local && (self.state == State::Unbound || self.state == State::Closed)) {
      return errorCode("invalid-state");
    }
    if (!local && self.state != State::Connected) return errorCode("invalid-state");
    return local ? localAddress(self.fd.get()) : peerAddress(self.fd.get());
  };
}

TcpBody setBacklog() {
  return [](HostContext&, TcpSocket& self, uint32_t, Args args) -> Result<Val> {
    if (args[0].asU64() == 0) return errorCode("invalid-argument");
    if (self.state == State::Connecting || self.state == State::Connected) {
      return errorCode("invalid-state");
    }
    self.backlog = args[0].asU64();
    if (self.state == State::Listening &&
        ::listen(self.fd.get(), static_cast<int>(std::min<uint64_t>(self.backlog, INT_MAX))) != 0) {
      return errnoCode(errno);
    }
    return Val::ok();
  };
}

TcpBody subscribe(Context::Impl* cx) {
  return [cx](HostContext& hcx, TcpSocket& self, uint32_t rep, Args) -> Result<Val> {
    short events = self.state == State::Connecting  ? POLLOUT
                   : self.state == State::Listening ? POLLIN
                                                    : 0;
    return newObject(hcx, *cx, cx->types.pollable, fdPollable(self.fd.get(), events), rep);
  };
}

TcpBody shutdown() {
  return [](HostContext&, TcpSocket& self, uint32_t, Args args) -> Result<Val> {
    if (self.state != State::Connected) return errorCode("invalid-state");
    std::string_view how = args[0].caseName();
    int mode = how == "receive" ? SHUT_RD : how == "send" ? SHUT_WR : SHUT_RDWR;
    if (::shutdown(self.fd.get(), mode) != 0) return errnoCode(errno);
    return Val::ok();
  };
}

// The keep-alive options: SO_KEEPALIVE as a bool, the idle time and interval as durations
// (whole seconds to the OS, rounded up), the count as a u32.
constexpr uint64_t kNsPerSecond = 1'000'000'000;

Val durationOption(const TcpSocket& self, int name) {
  return getIntOption(self.fd.get(), IPPROTO_TCP, name, [](int seconds) {
    return Val::u64(static_cast<uint64_t>(seconds) * kNsPerSecond);
  });
}

Val setDurationOption(const TcpSocket& self, int name, uint64_t ns) {
  if (ns == 0) return errorCode("invalid-argument");
  uint64_t seconds = std::min<uint64_t>((ns + kNsPerSecond - 1) / kNsPerSecond, 32767);
  return setIntOption(self.fd.get(), IPPROTO_TCP, name, static_cast<int>(seconds));
}

// A getter or setter that only reads the socket and its argument.
using Option = std::function<Val(const TcpSocket& self, const Val* arg)>;

TcpBody option(Option f) {
  return [f](HostContext&, TcpSocket& self, uint32_t, Args args) -> Result<Val> {
    return f(self, args.empty() ? nullptr : &args[0]);
  };
}

void defineOptions(const std::function<void(const char*, Option)>& def) {
  def("keep-alive-enabled", [](const TcpSocket& s, const Val*) {
    return getIntOption(s.fd.get(), SOL_SOCKET, SO_KEEPALIVE,
                        [](int v) { return Val::boolean(v != 0); });
  });
  def("set-keep-alive-enabled", [](const TcpSocket& s, const Val* v) {
    return setIntOption(s.fd.get(), SOL_SOCKET, SO_KEEPALIVE, v->asBool() ? 1 : 0);
  });
  def("keep-alive-idle-time",
      [](const TcpSocket& s, const Val*) { return durationOption(s, TCP_KEEPIDLE); });
  def("set-keep-alive-idle-time", [](const TcpSocket& s, const Val* v) {
    return setDurationOption(s, TCP_KEEPIDLE, v->asU64());
  });
  def("keep-alive-interval",
      [](const TcpSocket& s, const Val*) { return durationOption(s, TCP_KEEPINTVL); });
  def("set-keep-alive-interval", [](const TcpSocket& s, const Val* v) {
    return setDurationOption(s, TCP_KEEPINTVL, v->asU64());
  });
  def("keep-alive-count", [](const TcpSocket& s, const Val*) {
    return getIntOption(s.fd.get(), IPPROTO_TCP, TCP_KEEPCNT,
                        [](int v) { return Val::u32(static_cast<uint32_t>(v)); });
  });
  def("set-keep-alive-count", [](const TcpSocket& s, const Val* v) {
    if (v->asU32() == 0) return errorCode("invalid-argument");
    int count = static_cast<int>(std::min<uint32_t>(v->asU32(), 127));  // Linux's bound
    return setIntOption(s.fd.get(), IPPROTO_TCP, TCP_KEEPCNT, count);
  });
  def("hop-limit", [](const TcpSocket& s, const Val*) { return hopLimit(s.fd.get(), s.family); });
  def("set-hop-limit", [](const TcpSocket& s, const Val* v) {
    return setHopLimit(s.fd.get(), s.family, v->asU8());
  });
  def("receive-buffer-size",
      [](const TcpSocket& s, const Val*) { return bufferSize(s.fd.get(), SO_RCVBUF); });
  def("set-receive-buffer-size", [](const TcpSocket& s, const Val* v) {
    return setBufferSize(s.fd.get(), SO_RCVBUF, v->asU64());
  });
  def("send-buffer-size",
      [](const TcpSocket& s, const Val*) { return bufferSize(s.fd.get(), SO_SNDBUF); });
  def("set-send-buffer-size", [](const TcpSocket& s, const Val* v) {
    return setBufferSize(s.fd.get(), SO_SNDBUF, v->asU64());
  });
}

void defineCreate(Bindings& b) {
  Context::Impl* cx = &b.context();
  // No TCP grant: not even a socket.
  auto granted = [](const SocketPolicy& p) {
    return !p.tcpConnect.empty() || !p.tcpListen.empty();
  };
  b.func(iface::kTcpCreate, "create-tcp-socket",
         socketCreator<TcpSocket>(cx, SOCK_STREAM, cx->types.sockets.tcpSocket, granted));
}

}  // namespace

void defineTcp(Bindings& b) {
  Context::Impl* cx = &b.context();
  const cm::HostResource type = cx->types.sockets.tcpSocket = b.resource(iface::kTcp, "tcp-socket");
  auto def = [&](const char* name, TcpBody body, size_t arity = 0) {
    b.func(iface::kTcp, std::string("[method]tcp-socket.") + name,
           method<TcpSocket>(cx, type, std::move(body), arity));
  };
  def("start-bind", startBind(cx), 2);
  def("finish-bind", finish(State::BindStarted, State::Bound));
  def("start-connect", startConnect(cx), 2);
  def("finish-connect", finishConnect(cx));
  def("start-listen", startListen());
  def("finish-listen", finish(State::ListenStarted, State::Listening));
  def("accept", accept(cx));
  def("local-address", addresses(true));
  def("remote-address", addresses(false));
  def("is-listening", [](HostContext&, TcpSocket& s, uint32_t, Args) -> Result<Val> {
    return Val::boolean(s.state == State::Listening);
  });
  def("address-family", [](HostContext&, TcpSocket& s, uint32_t, Args) -> Result<Val> {
    return addressFamilyVal(s.family);
  });
  def("set-listen-backlog-size", setBacklog(), 1);
  def("subscribe", subscribe(cx));
  def("shutdown", shutdown(), 1);
  defineOptions([&](const char* name, Option f) {
    size_t arity = std::string_view(name).starts_with("set-") ? 1 : 0;
    def(name, option(std::move(f)), arity);
  });
  defineCreate(b);
}

}  // namespace sable::wasip2
