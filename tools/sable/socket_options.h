// `sable run`'s network grants for a component's wasi:sockets: --allow-tcp, --listen-tcp,
// --allow-udp (each HOST:PORT, repeatable), --allow-ip-name-lookup and --inherit-network.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "command_line.h"
#include "sable/wasip2.h"

namespace sable::cli {

// The socket options as given.
struct SocketOptions {
  std::vector<std::string> allowTcp;   // --allow-tcp HOST:PORT: connect to it
  std::vector<std::string> listenTcp;  // --listen-tcp ADDR:PORT: bind (and listen) to it
  std::vector<std::string> allowUdp;   // --allow-udp HOST:PORT: bind, connect and send to it
  bool allowIpNameLookup = false;      // --allow-ip-name-lookup
  bool inheritNetwork = false;         // --inherit-network: all of the above, everywhere

  // Adds the options to `line`.
  void addTo(CommandLine& line);
  // Whether any was given (they are for components only).
  bool any() const;
  // The policy they grant (HOST names resolved now), or the usage error's message.
  std::variant<wasip2::SocketPolicy, std::string> policy() const;
};

}  // namespace sable::cli
