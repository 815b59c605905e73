// SocketOptions: the command line's network grants as a wasip2::SocketPolicy.
#include "socket_options.h"

namespace sable::cli {

void SocketOptions::addTo(CommandLine& line) {
  line.addList("--allow-tcp", allowTcp);
  line.addList("--listen-tcp", listenTcp);
  line.addList("--allow-udp", allowUdp);
  line.addFlag("--allow-ip-name-lookup", allowIpNameLookup);
  line.addFlag("--inherit-network", inheritNetwork);
}

bool SocketOptions::any() const {
  return !allowTcp.empty() || !listenTcp.empty() || !allowUdp.empty() || allowIpNameLookup ||
         inheritNetwork;
}

namespace {
// Appends the addresses of every grant in `given` to `out`; the first error's message.
std::optional<std::string> resolveAll(const char* option, const std::vector<std::string>& given,
                                      std::vector<wasip2::SocketAddress>& out) {
  for (const std::string& grant : given) {
    Result<std::vector<wasip2::SocketAddress>> found = wasip2::resolveSocketGrant(grant);
    if (!found) return std::string(option) + ": " + found.error().message;
    out.insert(out.end(), found->begin(), found->end());
  }
  return std::nullopt;
}
}  // namespace

std::variant<wasip2::SocketPolicy, std::string> SocketOptions::policy() const {
  wasip2::SocketPolicy policy;
  policy.inheritNetwork = inheritNetwork;
  policy.ipNameLookup = allowIpNameLookup;
  if (auto message = resolveAll("--allow-tcp", allowTcp, policy.tcpConnect)) return *message;
  if (auto message = resolveAll("--listen-tcp", listenTcp, policy.tcpListen)) return *message;
  if (auto message = resolveAll("--allow-udp", allowUdp, policy.udp)) return *message;
  return policy;
}

}  // namespace sable::cli
