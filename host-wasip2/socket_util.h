// What the TCP and UDP interfaces share: defining a method on a socket object, opening a socket
// within the context's limit, socket options and addresses as wasi:sockets results.
#pragma once

#include <functional>

#include "socket_address.h"

namespace sable::wasip2 {

// The interface names, at 0.2.0 (any 0.2.x import links).
namespace iface {
inline constexpr std::string_view kNetwork = "wasi:sockets/network@0.2.0";
inline constexpr std::string_view kInstanceNetwork = "wasi:sockets/instance-network@0.2.0";
inline constexpr std::string_view kTcp = "wasi:sockets/tcp@0.2.0";
inline constexpr std::string_view kTcpCreate = "wasi:sockets/tcp-create-socket@0.2.0";
inline constexpr std::string_view kUdp = "wasi:sockets/udp@0.2.0";
inline constexpr std::string_view kUdpCreate = "wasi:sockets/udp-create-socket@0.2.0";
inline constexpr std::string_view kNameLookup = "wasi:sockets/ip-name-lookup@0.2.0";
}  // namespace iface

// A method's body: the object, its rep, the arguments after `self`; the result value. The
// object pointer is only valid until the body adds to the table (copy what it needs first).
template <typename T>
using MethodBody = std::function<Result<Val>(HostContext& hcx, T& self, uint32_t rep, Args args)>;

// A Trap unless a function takes `arity` arguments and gives one result. Defence in depth: the
// functions are defined with their WIT types (Bindings::func), so the linker already refuses
// an import declared otherwise; this keeps a table mistake from becoming a wild read.
Result<void> checkArity(Args args, Results results, size_t arity);

// A host function for a method of resource `type` whose objects are T, taking `arity`
// arguments after `self`.
template <typename T>
cm::HostContextFunc method(Context::Impl* cx, cm::HostResource type, MethodBody<T> body,
                           size_t arity = 0) {
  return [cx, type, body, arity](HostContext& hcx, Args args, Results results) -> Result<void> {
    if (Result<void> shape = checkArity(args, results, arity + 1); !shape) return shape.error();
    Result<uint32_t> rep = hcx.rep(type, args[0]);
    if (!rep) return rep.error();
    T* self = getAs<T>(cx->table, *rep);
    if (!self) return guestTrap("handle names no live object of the right kind");
    Result<Val> v = body(hcx, *self, *rep, args.subspan(1));
    if (!v) return v.error();
    results[0] = std::move(*v);
    return {};
  };
}

// Checks that `handle` names a network (a Trap otherwise).
Result<void> checkNetwork(HostContext& hcx, Context::Impl& cx, const Val& handle);

// A new non-blocking socket of `family` and `type` within the context's limit, or the
// error-code (new-socket-limit past the limit or when the host is out of fds).
std::variant<SocketFd, std::string_view> openSocket(Context::Impl& cx, int family, int type);

// A new own handle to `object` in `results`-ready form: ok(handle), or the trap.
Result<Val> okNewObject(HostContext& hcx, Context::Impl& cx, cm::HostResource type,
                        HostObject object, std::optional<uint32_t> parent = std::nullopt);

// create-tcp-socket / create-udp-socket: access-denied unless inherit-network or `granted`
// (checked before any syscall), else ok(a new T{fd, family} of resource `type`).
template <typename T>
cm::HostContextFunc socketCreator(Context::Impl* cx, int socketType, cm::HostResource type,
                                  bool (*granted)(const SocketPolicy&)) {
  return [=](HostContext& hcx, Args args, Results results) -> Result<void> {
    if (Result<void> shape = checkArity(args, results, 1); !shape) return shape.error();
    if (!cx->sockets.policy.inheritNetwork && !granted(cx->sockets.policy)) {
      results[0] = errorCode("access-denied");
      return {};
    }
    int family = familyOf(args[0]);
    std::variant<SocketFd, std::string_view> fd = openSocket(*cx, family, socketType);
    if (auto* problem = std::get_if<std::string_view>(&fd)) {
      results[0] = errorCode(*problem);
      return {};
    }
    Result<Val> h = okNewObject(hcx, *cx, type, T{std::move(std::get<SocketFd>(fd)), family});
    if (!h) return h.error();
    results[0] = std::move(*h);
    return {};
  };
}

// ok(the local or peer address of `fd`) or the errno's error-code.
Val localAddress(int fd);
Val peerAddress(int fd);

// An integer socket option: its value (ok(wrap(value)) or the errno's error-code), or set it.
Val getIntOption(int fd, int level, int name, const std::function<Val(int)>& wrap);
Val setIntOption(int fd, int level, int name, int value);

// The hop-limit / unicast-hop-limit option of a socket of `family` (IP_TTL or
// IPV6_UNICAST_HOPS), and the buffer-size options (0 is invalid-argument when setting).
Val hopLimit(int fd, int family);
Val setHopLimit(int fd, int family, uint8_t value);
Val bufferSize(int fd, int name);
Val setBufferSize(int fd, int name, uint64_t value);

// A Pollable for a socket fd: ready at once, or when the fd is for `events`.
Pollable fdPollable(int fd, short events);

}  // namespace sable::wasip2
