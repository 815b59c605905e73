// wasi:sockets/network, instance-network and ip-name-lookup, and defineSockets. Every guest
// gets its instance network; what it reaches through it is the context's SocketPolicy. Name
// lookups run (getaddrinfo) when resolve-addresses is called; the stream then hands out the
// addresses, its pollable ready at once.
#include <netdb.h>

#include <cstring>
#include <memory>

#include "socket_util.h"

namespace sable::wasip2 {
namespace {

// The error-code of a getaddrinfo failure.
std::string_view lookupErrorCode(int rc) {
  switch (rc) {
    case EAI_NONAME:
    case EAI_NODATA:
      return "name-unresolvable";
    case EAI_AGAIN:
      return "temporary-resolver-failure";
    case EAI_MEMORY:
      return "out-of-memory";
    default:
      return "permanent-resolver-failure";
  }
}

// The addresses `name` resolves to (IPv4 and IPv6, each once), or the error-code.
std::variant<ResolveAddressStream, std::string_view> lookUp(const std::string& name) {
  if (name.empty() || name.size() > 255 || name.find('\0') != std::string::npos) {
    return std::string_view("invalid-argument");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &found); rc != 0) {
    return lookupErrorCode(rc);
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> owner(found, ::freeaddrinfo);
  ResolveAddressStream stream;
  for (addrinfo* a = found; a; a = a->ai_next) {
    if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
    sockaddr_storage address{};
    std::memcpy(&address, a->ai_addr, a->ai_addrlen);
    stream.addresses.push_back(address);
  }
  return stream;
}

void defineNameLookup(Bindings& b) {
  Context::Impl* cx = &b.context();
  const std::string_view s = iface::kNameLookup;
  const cm::HostResource type = cx->types.sockets.resolveAddressStream =
      b.resource(s, "resolve-address-stream");
  b.func(s, "resolve-addresses",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           if (Result<void> shape = checkArity(args, results, 2); !shape) return shape.error();
           if (Result<void> n = checkNetwork(hcx, *cx, args[0]); !n) return n.error();
           const SocketPolicy& policy = cx->sockets.policy;
           if (!policy.inheritNetwork && !policy.ipNameLookup) {
             results[0] = errorCode("access-denied");
             return {};
           }
           auto found = lookUp(std::string(args[1].asString()));
           if (auto* problem = std::get_if<std::string_view>(&found)) {
             results[0] = errorCode(*problem);
             return {};
           }
           Result<Val> h = okNewObject(hcx, *cx, cx->types.sockets.resolveAddressStream,
                                       std::move(std::get<ResolveAddressStream>(found)));
           if (!h) return h.error();
           results[0] = std::move(*h);
           return {};
         });
  b.func(s, "[method]resolve-address-stream.resolve-next-address",
         method<ResolveAddressStream>(
             cx, type, [](HostContext&, ResolveAddressStream& self, uint32_t, Args) -> Result<Val> {
               if (self.addresses.empty()) return Val::ok(Val::none());
               Val next = ipAddressVal(self.addresses.front());
               self.addresses.pop_front();
               return Val::ok(Val::some(std::move(next)));
             }));
  b.func(s, "[method]resolve-address-stream.subscribe",
         method<ResolveAddressStream>(
             cx, type, [cx](HostContext& hcx, ResolveAddressStream&, uint32_t rep, Args) {
               return newObject(hcx, *cx, cx->types.pollable, Pollable{}, rep);
             }));
}

void defineNetwork(Bindings& b) {
  Context::Impl* cx = &b.context();
  cx->types.sockets.network = b.resource(iface::kNetwork, "network");
  b.func(iface::kNetwork, "network-error-code",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           if (Result<void> shape = checkArity(args, results, 1); !shape) return shape.error();
           Result<IoError*> e = objectOf<IoError>(hcx, *cx, cx->types.error, args[0]);
           if (!e) return e.error();
           int code = (*e)->hostErrno;
           results[0] =
               code == 0 ? Val::none() : Val::some(Val::enumCase(std::string(errorCodeName(code))));
           return {};
         });
  b.func(iface::kInstanceNetwork, "instance-network",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           if (Result<void> shape = checkArity(args, results, 0); !shape) return shape.error();
           Result<Val> h = newObject(hcx, *cx, cx->types.sockets.network, Network{});
           if (!h) return h.error();
           results[0] = std::move(*h);
           return {};
         });
}

}  // namespace

void defineTcp(Bindings& b);
void defineUdp(Bindings& b);

void defineSockets(Bindings& b) {
  defineNetwork(b);
  defineTcp(b);
  defineUdp(b);
  defineNameLookup(b);
}

}  // namespace sable::wasip2
