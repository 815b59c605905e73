// The redis:// store beyond the conformance suite: a server that dies or goes silent is an
// error within the timeout, never a hang; a restarted server is reconnected to; TCP URIs with a
// database number. Every test starts its own redis-server.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "kv_test_stores.h"
#include "sable/kv.h"

namespace sable::test {
namespace {

using Clock = std::chrono::steady_clock;

class KvRedisStore : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = TestStore(StoreKind::Redis).unavailable();
    if (!why.empty()) GTEST_SKIP() << why;
  }
};

TEST_F(KvRedisStore, KillingTheServerMidRunIsAnErrorNotAHang) {
  TempDir dir;
  RedisServer server(dir.path());
  ASSERT_TRUE(server.waitReady());
  auto kv = kv::openBackend(server.uri() + "?timeout=2000");
  ASSERT_TRUE(kv.ok()) << kv.error().toString();
  ASSERT_TRUE((*kv)->set("b", "k", "v").ok());
  server.kill();
  const auto start = Clock::now();
  auto value = (*kv)->get("b", "k");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().kind, ErrorKind::Io) << value.error().toString();
  auto written = (*kv)->set("b", "k", "w");
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::Io);
  auto counted = (*kv)->increment("b", "n", 1);
  EXPECT_FALSE(counted.ok());
  auto swapped = (*kv)->compareAndSwap("b", "k", std::nullopt, "x");
  EXPECT_FALSE(swapped.ok());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST_F(KvRedisStore, ASilentServerIsATimeoutError) {
  // A listening socket nobody accepts from: connecting succeeds (the backlog), answers never
  // come.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string uri =
      "redis://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "?timeout=300";
  const auto start = Clock::now();
  auto kv = kv::openBackend(uri);
  if (kv.ok()) {
    auto value = (*kv)->get("b", "k");
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().kind, ErrorKind::Io) << value.error().toString();
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  close(listener);
}

TEST_F(KvRedisStore, NoServerIsAnIoErrorAtOpen) {
  TempDir dir;
  auto kv = kv::openBackend("redis+unix://" + dir.path() + "/nobody.sock");
  ASSERT_FALSE(kv.ok());
  EXPECT_EQ(kv.error().kind, ErrorKind::Io);
  EXPECT_NE(kv.error().message.find("nobody.sock"), std::string::npos) << kv.error().message;
}

TEST_F(KvRedisStore, AServerRestartedOnTheSameSocketIsReconnectedTo) {
  TempDir dir;
  auto server = std::make_unique<RedisServer>(dir.path());
  ASSERT_TRUE(server->waitReady());
  auto kv = kv::openBackend(server->uri());
  ASSERT_TRUE(kv.ok()) << kv.error().toString();
  ASSERT_TRUE((*kv)->set("b", "k", "before").ok());
  server.reset();
  server = std::make_unique<RedisServer>(dir.path());
  ASSERT_TRUE(server->waitReady());
  // The old connection is dead; the call reconnects once and succeeds on the new server (which
  // saves nothing, so the key is gone).
  auto value = (*kv)->get("b", "k");
  ASSERT_TRUE(value.ok()) << value.error().toString();
  EXPECT_EQ(*value, std::nullopt);
  EXPECT_TRUE((*kv)->set("b", "k", "after").ok());
}

TEST_F(KvRedisStore, TcpUrisSelectTheirDatabase) {
  TempDir dir;
  const uint16_t port = freeLoopbackPort();
  ASSERT_NE(port, 0);
  RedisServer server(dir.path(), port);
  ASSERT_TRUE(server.waitReady()) << server.uri();
  auto three = kv::openBackend(server.uri() + "/3");
  ASSERT_TRUE(three.ok()) << three.error().toString();
  ASSERT_TRUE((*three)->set("b", "k", "in three").ok());
  auto zero = kv::openBackend(server.uri());
  ASSERT_TRUE(zero.ok()) << zero.error().toString();
  EXPECT_EQ(*(*zero)->get("b", "k"), std::nullopt);
  EXPECT_EQ(*(*kv::openBackend(server.uri() + "/3"))->get("b", "k"), "in three");
  auto beyond = kv::openBackend(server.uri() + "/100000");
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().kind, ErrorKind::Io) << beyond.error().toString();
}

TEST_F(KvRedisStore, ABucketNameWithAColonIsAUsageError) {
  TempDir dir;
  RedisServer server(dir.path());
  ASSERT_TRUE(server.waitReady());
  auto kv = kv::openBackend(server.uri());
  ASSERT_TRUE(kv.ok());
  auto written = (*kv)->set("a:b", "k", "v");
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().kind, ErrorKind::Usage);
}

}  // namespace
}  // namespace sable::test
