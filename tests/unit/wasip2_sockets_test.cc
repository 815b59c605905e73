// wasi:sockets through a real component (tests/component/inputs/sockets-client.wasm, C with
// hand-written canonical ABI glue, see sockets/): TCP echo and accept, UDP, name lookup and
// options against servers this process starts on 127.0.0.1, each granted by a SocketPolicy;
// and the denials: a guest without the grant gets access-denied and the server sees nothing.
#include <dirent.h>
#include <gtest/gtest.h>

#include <future>

#include "component_test_files.h"
#include "loopback_servers.h"
#include "sable/component.h"
#include "sable/wasip2.h"

namespace sable::wasip2 {
namespace {

constexpr uint32_t kLoopback = 0x7f000001;  // 127.0.0.1
constexpr uint32_t kAny = 0;                // 0.0.0.0

SocketAddress ipv4(uint32_t ip, uint16_t port) {
  SocketAddress a;
  a.ip[0] = static_cast<uint8_t>(ip >> 24);
  a.ip[1] = static_cast<uint8_t>(ip >> 16);
  a.ip[2] = static_cast<uint8_t>(ip >> 8);
  a.ip[3] = static_cast<uint8_t>(ip);
  a.port = port;
  return a;
}

// The host's open fds.
size_t openFdCount() {
  size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

// One instance of the sockets client under a policy; call() runs an export.
class SocketsClient {
 public:
  explicit SocketsClient(const SocketPolicy& policy) {
    static Result<cm::Component> component = cm::Component::compile(
        engine(), testing::readFileBytes(testing::componentInputsDir() / "sockets-client.wasm"));
    EXPECT_TRUE(component.ok()) << component.error().toString();
    Config config;
    config.inheritStdio = false;
    auto context = Context::create(config);
    EXPECT_TRUE(context.ok());
    context_ = std::move(*context);
    context_->setSocketPolicy(policy);
    cm::Linker linker(engine());
    EXPECT_TRUE(addToLinker(linker, *context_).ok());
    auto instance = linker.instantiate(store_, *component);
    EXPECT_TRUE(instance.ok()) << instance.error().toString();
    instance_.emplace(std::move(*instance));
  }

  // The export's string result, or "trap: ..." when the call failed.
  std::string call(const std::string& name, std::vector<cm::Val> args) {
    auto f = instance_->getFunc(name);
    if (!f) return "no export: " + f.error().toString();
    auto out = f->call(store_, args);
    if (!out) return "trap: " + out.error().toString();
    return std::string((*out)[0].asString());
  }

 private:
  static Engine& engine() {
    static Engine e;
    return e;
  }
  Store store_{engine()};
  std::unique_ptr<Context> context_;
  std::optional<cm::ComponentInstance> instance_;
};

std::vector<cm::Val> addressArgs(uint32_t ip, uint16_t port) {
  return {cm::Val::u32(ip), cm::Val::u16(port)};
}

std::vector<cm::Val> messageArgs(uint32_t ip, uint16_t port, const std::string& message) {
  return {cm::Val::u32(ip), cm::Val::u16(port), cm::Val::string(message)};
}

TEST(Wasip2Sockets, TcpEchoThroughAGrantedAddress) {
  testing::TcpEchoServer server;
  SocketPolicy policy;
  policy.tcpConnect = {ipv4(kLoopback, server.port())};
  SocketsClient client(policy);
  // The server reads to the end, so the reply proves the guest's shutdown(send) half-closed.
  EXPECT_EQ(client.call("tcp-echo", messageArgs(kLoopback, server.port(), "hello")),
            "ok:echo:hello");
  std::string big(100'000, 'x');  // more than one check-write permit and one read
  EXPECT_EQ(client.call("tcp-echo", messageArgs(kLoopback, server.port(), big)), "ok:echo:" + big);
  EXPECT_EQ(server.connections(), 2);
}

TEST(Wasip2Sockets, TcpConnectWithoutTheGrantReachesNothing) {
  testing::TcpEchoServer server;
  SocketPolicy otherPort;
  otherPort.tcpConnect = {ipv4(kLoopback, static_cast<uint16_t>(server.port() + 1))};
  EXPECT_EQ(SocketsClient(otherPort).call("tcp-echo", messageArgs(kLoopback, server.port(), "x")),
            "error:access-denied (start-connect)");
  SocketPolicy nothing;  // no TCP grant at all: not even a socket
  EXPECT_EQ(SocketsClient(nothing).call("tcp-echo", messageArgs(kLoopback, server.port(), "x")),
            "error:access-denied (create)");
  SocketPolicy lookupOnly;
  lookupOnly.ipNameLookup = true;
  EXPECT_EQ(SocketsClient(lookupOnly).call("tcp-echo", messageArgs(kLoopback, server.port(), "x")),
            "error:access-denied (create)");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(server.connections(), 0);
}

TEST(Wasip2Sockets, InheritNetworkGrantsEverything) {
  testing::TcpEchoServer server;
  SocketPolicy policy;
  policy.inheritNetwork = true;
  EXPECT_EQ(SocketsClient(policy).call("tcp-echo", messageArgs(kLoopback, server.port(), "hi")),
            "ok:echo:hi");
}

TEST(Wasip2Sockets, ConnectionRefusedIsAnErrorCode) {
  uint16_t closed = testing::freeLoopbackPort();
  SocketPolicy policy;
  policy.tcpConnect = {ipv4(kLoopback, closed)};
  EXPECT_EQ(SocketsClient(policy).call("tcp-echo", messageArgs(kLoopback, closed, "x")),
            "error:connection-refused (finish-connect)");
}

TEST(Wasip2Sockets, ListenAndAcceptOneConnection) {
  uint16_t port = testing::freeLoopbackPort();
  SocketPolicy policy;
  policy.tcpListen = {ipv4(kLoopback, port)};
  SocketsClient guest(policy);
  auto peer = std::async(std::launch::async, [port] { return testing::tcpExchange(port, "ping"); });
  EXPECT_EQ(guest.call("tcp-accept-once", addressArgs(kLoopback, port)), "ok:ping");
  EXPECT_EQ(peer.get(), "got:ping");
}

TEST(Wasip2Sockets, BindingWithoutTheGrantIsDenied) {
  uint16_t port = testing::freeLoopbackPort();
  SocketPolicy policy;
  policy.tcpListen = {ipv4(kLoopback, port)};
  SocketsClient guest(policy);
  // 0.0.0.0 is not 127.0.0.1, and another port is not the granted one.
  EXPECT_EQ(guest.call("tcp-bind", addressArgs(kAny, port)), "error:access-denied (start-bind)");
  EXPECT_EQ(guest.call("tcp-bind", addressArgs(kLoopback, static_cast<uint16_t>(port + 1))),
            "error:access-denied (start-bind)");
  // Nothing was bound: the test can still bind 0.0.0.0:port itself.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in any{};
  any.sin_family = AF_INET;
  any.sin_port = htons(port);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
  ::close(fd);
  EXPECT_EQ(guest.call("tcp-bind", addressArgs(kLoopback, port)), "ok");
}

// udp-echo's arguments: the server, the local port to bind, the message.
std::vector<cm::Val> udpArgs(uint16_t serverPort, uint16_t localPort, const std::string& message) {
  return {cm::Val::u32(kLoopback), cm::Val::u16(serverPort), cm::Val::u16(localPort),
          cm::Val::string(message)};
}

TEST(Wasip2Sockets, UdpSendAndReceive) {
  testing::UdpEchoServer server;
  uint16_t local = testing::freeLoopbackPort(SOCK_DGRAM);
  SocketPolicy policy;
  policy.udp = {ipv4(kLoopback, local), ipv4(kLoopback, server.port())};
  EXPECT_EQ(SocketsClient(policy).call("udp-echo", udpArgs(server.port(), local, "dgram")),
            "ok:echo:dgram");
  EXPECT_EQ(server.datagrams(), 1);
}

TEST(Wasip2Sockets, UdpWithoutTheGrantSendsNothing) {
  testing::UdpEchoServer server;
  uint16_t local = testing::freeLoopbackPort(SOCK_DGRAM);
  SocketPolicy bindOnly;  // may bind the local port but not send to the server
  bindOnly.udp = {ipv4(kLoopback, local)};
  EXPECT_EQ(SocketsClient(bindOnly).call("udp-echo", udpArgs(server.port(), local, "x")),
            "error:access-denied (send)");
  SocketPolicy peerOnly;  // may send to the server but not bind the local port
  peerOnly.udp = {ipv4(kLoopback, server.port())};
  EXPECT_EQ(SocketsClient(peerOnly).call("udp-echo", udpArgs(server.port(), local, "x")),
            "error:access-denied (start-bind)");
  EXPECT_EQ(SocketsClient(SocketPolicy{}).call("udp-echo", udpArgs(server.port(), local, "x")),
            "error:access-denied (create)");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(server.datagrams(), 0);
}

TEST(Wasip2Sockets, NameLookupOfLocalhost) {
  SocketPolicy policy;
  policy.ipNameLookup = true;
  SocketsClient guest(policy);
  std::string found = guest.call("lookup", {cm::Val::string("localhost")});
  EXPECT_EQ(found.rfind("ok:", 0), 0u) << found;
  EXPECT_NE(found.find("127.0.0.1,"), std::string::npos) << found;
  EXPECT_EQ(guest.call("lookup", {cm::Val::string("10.1.2.3")}), "ok:10.1.2.3,");
  EXPECT_EQ(guest.call("lookup", {cm::Val::string("")}),
            "error:invalid-argument (resolve-addresses)");
  EXPECT_EQ(SocketsClient(SocketPolicy{}).call("lookup", {cm::Val::string("localhost")}),
            "error:access-denied (resolve-addresses)");
}

TEST(Wasip2Sockets, TenThousandSocketsMeetTheLimitNotTheHostsFds) {
  SocketPolicy policy;
  policy.tcpConnect = {ipv4(kLoopback, 1)};
  SocketsClient guest(policy);
  size_t before = openFdCount();
  EXPECT_EQ(guest.call("open-sockets", {cm::Val::u32(10'000)}),
            "opened 256, then new-socket-limit");
  EXPECT_EQ(openFdCount(), before);  // every one closed when the guest dropped it
  EXPECT_EQ(guest.call("open-sockets", {cm::Val::u32(10)}), "opened 10");
  policy.maxSockets = 3;
  EXPECT_EQ(SocketsClient(policy).call("open-sockets", {cm::Val::u32(10)}),
            "opened 3, then new-socket-limit");
}

TEST(Wasip2Sockets, TcpOptions) {
  SocketPolicy policy;
  policy.tcpConnect = {ipv4(kLoopback, 1)};
  EXPECT_EQ(SocketsClient(policy).call("tcp-options", {}),
            "keep-alive=1 idle=30 hop-limit=9 hop-limit(0)=invalid-argument "
            "receive-buffer(0)=invalid-argument family=0 listening=0 local-address=invalid-state");
}

TEST(Wasip2SocketGrant, ResolvesHostPort) {
  auto v4 = resolveSocketGrant("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok()) << v4.error().toString();
  ASSERT_EQ(v4->size(), 1u);
  EXPECT_EQ((*v4)[0], ipv4(kLoopback, 8080));
  auto v6 = resolveSocketGrant("[::1]:0");
  ASSERT_TRUE(v6.ok()) << v6.error().toString();
  EXPECT_TRUE((*v6)[0].ipv6);
  EXPECT_EQ((*v6)[0].ip[15], 1);
  auto named = resolveSocketGrant("localhost:53");
  ASSERT_TRUE(named.ok()) << named.error().toString();
  EXPECT_NE(std::find(named->begin(), named->end(), ipv4(kLoopback, 53)), named->end());
  for (const char* bad : {"127.0.0.1", "127.0.0.1:99999", "::1:80", "[::1:80", ":80",
                          "127.0.0.1:http", "no-such-host.invalid:80"}) {
    auto r = resolveSocketGrant(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::Usage) << bad;
  }
}

}  // namespace
}  // namespace sable::wasip2
