// Socket address and error-code conversions for wasi:sockets.
#include "socket_address.h"

#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sable::wasip2 {
namespace {

Val ipv4Tuple(const in_addr& a) {
  const auto* b = reinterpret_cast<const uint8_t*>(&a.s_addr);
  return Val::tuple({Val::u8(b[0]), Val::u8(b[1]), Val::u8(b[2]), Val::u8(b[3])});
}

Val ipv6Tuple(const in6_addr& a) {
  std::vector<Val> parts;
  for (int i = 0; i < 8; ++i) {
    parts.push_back(Val::u16(static_cast<uint16_t>(a.s6_addr[2 * i] << 8 | a.s6_addr[2 * i + 1])));
  }
  return Val::tuple(std::move(parts));
}

sockaddr_storage ipv4Of(const Val& record) {
  sockaddr_storage out{};
  auto* in = reinterpret_cast<sockaddr_in*>(&out);
  in->sin_family = AF_INET;
  in->sin_port = htons(record.elements()[0].asU16());
  auto* b = reinterpret_cast<uint8_t*>(&in->sin_addr.s_addr);
  std::span<const Val> ip = record.elements()[1].elements();
  for (size_t i = 0; i < 4; ++i) b[i] = ip[i].asU8();
  return out;
}

sockaddr_storage ipv6Of(const Val& record) {
  sockaddr_storage out{};
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
  std::span<const Val> f = record.elements();
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(f[0].asU16());
  in6->sin6_flowinfo = htonl(f[1].asU32());
  std::span<const Val> ip = f[2].elements();
  for (size_t i = 0; i < 8; ++i) {
    in6->sin6_addr.s6_addr[2 * i] = static_cast<uint8_t>(ip[i].asU16() >> 8);
    in6->sin6_addr.s6_addr[2 * i + 1] = static_cast<uint8_t>(ip[i].asU16());
  }
  in6->sin6_scope_id = f[3].asU32();
  return out;
}

bool isUnspecified(const SocketAddress& a) {
  size_t n = a.ipv6 ? 16 : 4;
  return std::all_of(a.ip.begin(), a.ip.begin() + n, [](uint8_t b) { return b == 0; });
}

bool isBroadcastOrMulticast(const SocketAddress& a) {
  if (a.ipv6) return a.ip[0] == 0xff;
  bool broadcast = a.ip[0] == 255 && a.ip[1] == 255 && a.ip[2] == 255 && a.ip[3] == 255;
  return broadcast || (a.ip[0] >= 224 && a.ip[0] <= 239);
}

bool isIpv4Mapped(const SocketAddress& a) {
  static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return a.ipv6 && std::memcmp(a.ip.data(), kPrefix, sizeof kPrefix) == 0;
}

}  // namespace

namespace {
// Whether `v` is a tuple of `n` values of `kind`.
bool isTupleOf(const Val& v, size_t n, ValKind kind) {
  if (v.kind() != ValKind::Tuple || v.elements().size() != n) return false;
  return std::all_of(v.elements().begin(), v.elements().end(),
                     [kind](const Val& e) { return e.kind() == kind; });
}

}  // namespace

bool isIpSocketAddress(const Val& v) {
  const Val* r = v.kind() == ValKind::Variant ? v.payload() : nullptr;
  if (!r || r->kind() != ValKind::Record) return false;
  std::span<const Val> f = r->elements();
  if (v.caseName() == "ipv4") {
    return f.size() == 2 && f[0].kind() == ValKind::U16 && isTupleOf(f[1], 4, ValKind::U8);
  }
  return v.caseName() == "ipv6" && f.size() == 4 && f[0].kind() == ValKind::U16 &&
         f[1].kind() == ValKind::U32 && isTupleOf(f[2], 8, ValKind::U16) &&
         f[3].kind() == ValKind::U32;
}

bool isOptionalIpSocketAddress(const Val& v) {
  if (v.kind() != ValKind::Option) return false;
  return v.caseName() == "none" || (v.payload() && isIpSocketAddress(*v.payload()));
}

Result<sockaddr_storage> sockaddrOf(const Val& address) {
  if (!isIpSocketAddress(address)) {
    return guestTrap("an ip-socket-address of the wrong shape (an import of the wrong type)");
  }
  return address.caseName() == "ipv4" ? ipv4Of(*address.payload()) : ipv6Of(*address.payload());
}

socklen_t sockaddrSize(const sockaddr_storage& address) {
  return address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

Val ipSocketAddressVal(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    return Val::variant("ipv6", Val::record({{"port", Val::u16(ntohs(in6->sin6_port))},
                                             {"flow-info", Val::u32(ntohl(in6->sin6_flowinfo))},
                                             {"address", ipv6Tuple(in6->sin6_addr)},
                                             {"scope-id", Val::u32(in6->sin6_scope_id)}}));
  }
  const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
  return Val::variant("ipv4", Val::record({{"port", Val::u16(ntohs(in->sin_port))},
                                           {"address", ipv4Tuple(in->sin_addr)}}));
}

Val ipAddressVal(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET6) {
    return Val::variant("ipv6",
                        ipv6Tuple(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr));
  }
  return Val::variant("ipv4", ipv4Tuple(reinterpret_cast<const sockaddr_in*>(&address)->sin_addr));
}

SocketAddress policyAddressOf(const sockaddr_storage& address) {
  SocketAddress out;
  if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    out.ipv6 = true;
    std::memcpy(out.ip.data(), in6->sin6_addr.s6_addr, 16);
    out.port = ntohs(in6->sin6_port);
  } else {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    std::memcpy(out.ip.data(), &in->sin_addr.s_addr, 4);
    out.port = ntohs(in->sin_port);
  }
  return out;
}

bool admitted(const SocketPolicy& policy, const std::vector<SocketAddress>& grants,
              const sockaddr_storage& address) {
  if (policy.inheritNetwork) return true;
  SocketAddress a = policyAddressOf(address);
  return std::any_of(grants.begin(), grants.end(), [&](const SocketAddress& g) {
    return g.ipv6 == a.ipv6 && g.ip == a.ip && (g.port == 0 || g.port == a.port);
  });
}

std::string_view errorCodeName(int e) {
  switch (e) {
    case EACCES:
    case EPERM:
      return "access-denied";
    case EOPNOTSUPP:
    case EAFNOSUPPORT:
    case EPROTONOSUPPORT:
      return "not-supported";
    case EINVAL:
    case EDESTADDRREQ:
      return "invalid-argument";
    case ENOMEM:
    case ENOBUFS:
      return "out-of-memory";
    case ETIMEDOUT:
      return "timeout";
    case EALREADY:
      return "concurrency-conflict";
    case EWOULDBLOCK:
    case EINPROGRESS:
      return "would-block";
    case EISCONN:
    case ENOTCONN:
      return "invalid-state";
    case EMFILE:
    case ENFILE:
      return "new-socket-limit";
    case EADDRNOTAVAIL:
      return "address-not-bindable";
    case EADDRINUSE:
      return "address-in-use";
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENETDOWN:
      return "remote-unreachable";
    case ECONNREFUSED:
      return "connection-refused";
    case ECONNRESET:
    case EPIPE:
      return "connection-reset";
    case ECONNABORTED:
      return "connection-aborted";
    case EMSGSIZE:
      return "datagram-too-large";
    default:
      return "unknown";
  }
}

Val errorCode(std::string_view name) { return Val::err(Val::enumCase(std::string(name))); }

Val errnoCode(int errnoValue) { return errorCode(errorCodeName(errnoValue)); }

Val addressFamilyVal(int family) { return Val::enumCase(family == AF_INET6 ? "ipv6" : "ipv4"); }

int familyOf(const Val& ipAddressFamily) {
  return ipAddressFamily.caseName() == "ipv6" ? AF_INET6 : AF_INET;
}

std::string_view remoteAddressProblem(int family, const sockaddr_storage& remote) {
  SocketAddress a = policyAddressOf(remote);
  if (remote.ss_family != family || a.port == 0 || isUnspecified(a) || isBroadcastOrMulticast(a) ||
      isIpv4Mapped(a)) {
    return "invalid-argument";
  }
  return "";
}

}  // namespace sable::wasip2
