// resolveSocketGrant: "HOST:PORT" (a name, an IPv4 address or a bracketed IPv6 address) to the
// addresses a policy lists.
#include <netdb.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>

#include "socket_address.h"

namespace sable::wasip2 {
namespace {

Error usage(std::string_view grant, const std::string& why) {
  return Error{ErrorKind::Usage, Error::kNoOffset,
               "socket grant '" + std::string(grant) + "': " + why};
}

// The host and port parts of "HOST:PORT" / "[V6]:PORT".
Result<std::pair<std::string, uint16_t>> splitHostPort(std::string_view grant) {
  size_t colon = grant.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return usage(grant, "expected HOST:PORT");
  std::string_view host = grant.substr(0, colon);
  std::string_view port = grant.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return usage(grant, "unclosed '[' in the host");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return usage(grant, "write an IPv6 address in brackets: [ADDR]:PORT");
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    return usage(grant, "the port is not a number from 0 to 65535");
  }
  return std::pair{std::string(host), static_cast<uint16_t>(value)};
}

}  // namespace

Result<std::vector<SocketAddress>> resolveSocketGrant(std::string_view grant) {
  Result<std::pair<std::string, uint16_t>> parts = splitHostPort(grant);
  if (!parts) return parts.error();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(parts->first.c_str(), nullptr, &hints, &found); rc != 0) {
    return usage(grant, std::string("cannot resolve the host: ") + ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> owner(found, ::freeaddrinfo);
  std::vector<SocketAddress> out;
  for (addrinfo* a = found; a; a = a->ai_next) {
    if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
    sockaddr_storage storage{};
    std::memcpy(&storage, a->ai_addr, a->ai_addrlen);
    SocketAddress address = policyAddressOf(storage);
    address.port = parts->second;
    if (std::find(out.begin(), out.end(), address) == out.end()) out.push_back(address);
  }
  if (out.empty()) return usage(grant, "the host has no IP address");
  return out;
}

}  // namespace sable::wasip2
