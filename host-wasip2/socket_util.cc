// Helpers shared by wasi:sockets tcp and udp.
#include "socket_util.h"

#include <netinet/in.h>
#include <poll.h>

#include <cerrno>
#include <climits>

namespace sable::wasip2 {

Result<void> checkArity(Args args, Results results, size_t arity) {
  if (args.size() != arity || results.size() != 1) {
    return guestTrap("a wasi:sockets function imported with the wrong type");
  }
  return {};
}

Result<void> checkNetwork(HostContext& hcx, Context::Impl& cx, const Val& handle) {
  Result<Network*> network = objectOf<Network>(hcx, cx, cx.types.sockets.network, handle);
  if (!network) return network.error();
  return {};
}

std::variant<SocketFd, std::string_view> openSocket(Context::Impl& cx, int family, int type) {
  if (*cx.sockets.openCount >= cx.sockets.policy.maxSockets) return "new-socket-limit";
  int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errorCodeName(errno);
  if (family == AF_INET6) {
    int on = 1;  // WASI's IPv6 sockets never carry IPv4 (mapped addresses are refused)
    (void)::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  return SocketFd(fd, cx.sockets.openCount);
}

Result<Val> okNewObject(HostContext& hcx, Context::Impl& cx, cm::HostResource type,
                        HostObject object, std::optional<uint32_t> parent) {
  Result<Val> h = newObject(hcx, cx, type, std::move(object), parent);
  if (!h) return h.error();
  return Val::ok(std::move(*h));
}

namespace {
Val addressOf(int fd, int (*query)(int, sockaddr*, socklen_t*)) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (query(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) return errnoCode(errno);
  return Val::ok(ipSocketAddressVal(a));
}
}  // namespace

Val localAddress(int fd) { return addressOf(fd, ::getsockname); }
Val peerAddress(int fd) { return addressOf(fd, ::getpeername); }

Val getIntOption(int fd, int level, int name, const std::function<Val(int)>& wrap) {
  int value = 0;
  socklen_t len = sizeof value;
  if (::getsockopt(fd, level, name, &value, &len) != 0) return errnoCode(errno);
  return Val::ok(wrap(value));
}

Val setIntOption(int fd, int level, int name, int value) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) return errnoCode(errno);
  return Val::ok();
}

namespace {
std::pair<int, int> hopOption(int family) {
  return family == AF_INET6 ? std::pair{IPPROTO_IPV6, IPV6_UNICAST_HOPS}
                            : std::pair{IPPROTO_IP, IP_TTL};
}
}  // namespace

Val hopLimit(int fd, int family) {
  auto [level, name] = hopOption(family);
  return getIntOption(fd, level, name, [](int v) { return Val::u8(static_cast<uint8_t>(v)); });
}

Val setHopLimit(int fd, int family, uint8_t value) {
  if (value == 0) return errorCode("invalid-argument");
  auto [level, name] = hopOption(family);
  return setIntOption(fd, level, name, value);
}

Val bufferSize(int fd, int name) {
  return getIntOption(fd, SOL_SOCKET, name,
                      [](int v) { return Val::u64(static_cast<uint64_t>(v)); });
}

Val setBufferSize(int fd, int name, uint64_t value) {
  if (value == 0) return errorCode("invalid-argument");
  // The OS clamps to its own bounds; the WIT lets it.
  return setIntOption(fd, SOL_SOCKET, name, static_cast<int>(std::min<uint64_t>(value, INT_MAX)));
}

Pollable fdPollable(int fd, short events) {
  if (events == POLLIN) return Pollable{Pollable::Kind::FdReadable, 0, fd};
  if (events == POLLOUT) return Pollable{Pollable::Kind::FdWritable, 0, fd};
  return Pollable{};
}

}  // namespace sable::wasip2
