// wasi:sockets values and the host's: ip-socket-address and ip-address as cm::Val against
// sockaddr_storage, errno as an error-code, and the policy's address checks.
#pragma once

#include <sys/socket.h>

#include <string_view>

#include "val_util.h"

namespace sable::wasip2 {

using cm::ValKind;

// An ip-socket-address value as a sockaddr (sockaddr_in or sockaddr_in6); a Trap for a value
// of another shape (an import declared with the wrong type).
Result<sockaddr_storage> sockaddrOf(const Val& ipSocketAddress);
// Whether `v` has the shape of an ip-socket-address, or of option<ip-socket-address>.
bool isIpSocketAddress(const Val& v);
bool isOptionalIpSocketAddress(const Val& v);
// The size of `address`'s sockaddr (by its family).
socklen_t sockaddrSize(const sockaddr_storage& address);
// `address` as an ip-socket-address value.
Val ipSocketAddressVal(const sockaddr_storage& address);
// `address`'s IP as an ip-address value (the port dropped).
Val ipAddressVal(const sockaddr_storage& address);
// `address` as the policy's SocketAddress.
SocketAddress policyAddressOf(const sockaddr_storage& address);
// Whether `grants` (or inherit-network) admit `address`.
bool admitted(const SocketPolicy& policy, const std::vector<SocketAddress>& grants,
              const sockaddr_storage& address);

// The wasi:sockets error-code naming `errnoValue` ("unknown" when none fits).
std::string_view errorCodeName(int errnoValue);
// err(error-code `name`).
Val errorCode(std::string_view name);
// err(the error-code of `errnoValue`).
Val errnoCode(int errnoValue);

// The ip-address-family enum value of `family` (AF_INET, AF_INET6), and back.
Val addressFamilyVal(int family);
int familyOf(const Val& ipAddressFamily);

// Why `remote` cannot be connected or sent to from a socket of `family`: "" when it can, else
// the error-code (invalid-argument for a wrong family, port 0, or an unspecified, broadcast,
// multicast or IPv4-mapped address).
std::string_view remoteAddressProblem(int family, const sockaddr_storage& remote);

}  // namespace sable::wasip2
