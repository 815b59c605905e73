// Store URIs: what each part means, and every malformed one is a Usage error.
#include <gtest/gtest.h>

#include "host-kv/backend_uri.h"
#include "sable/kv.h"

namespace sable::kv {
namespace {

TEST(KvBackendUri, PartsOfEachScheme) {
  auto sqlite = parseBackendUri("sqlite:/var/lib/app/kv.db?sync=normal");
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().toString();
  EXPECT_EQ(sqlite->scheme, StoreScheme::Sqlite);
  EXPECT_EQ(sqlite->path, "/var/lib/app/kv.db");
  EXPECT_FALSE(sqlite->synchronousFull);
  EXPECT_TRUE(parseBackendUri("sqlite:kv.db")->synchronousFull);

  auto tcp = parseBackendUri("redis://cache.local:6380/2?timeout=250");
  ASSERT_TRUE(tcp.ok()) << tcp.error().toString();
  EXPECT_EQ(tcp->scheme, StoreScheme::RedisTcp);
  EXPECT_EQ(tcp->host, "cache.local");
  EXPECT_EQ(tcp->port, 6380);
  EXPECT_EQ(tcp->database, 2u);
  EXPECT_EQ(tcp->timeoutMs, 250u);

  auto unix = parseBackendUri("redis+unix:///run/redis.sock?db=4");
  ASSERT_TRUE(unix.ok()) << unix.error().toString();
  EXPECT_EQ(unix->scheme, StoreScheme::RedisUnix);
  EXPECT_EQ(unix->path, "/run/redis.sock");
  EXPECT_EQ(unix->database, 4u);
  EXPECT_EQ(parseBackendUri("memory")->scheme, StoreScheme::Memory);
}

TEST(KvBackendUri, MalformedUrisAreUsageErrors) {
  for (const char* uri : {"",
                          "mem",
                          "Memory",
                          "memory?x=1",
                          "sqlite:",
                          "sqlite:?sync=full",
                          "sqlite:kv.db?sync=fast",
                          "sqlite:kv.db?bogus=1",
                          "sqlite:kv.db?sync",
                          "redis://",
                          "redis://host",
                          "redis://:6379",
                          "redis://host:0",
                          "redis://host:65536",
                          "redis://host:63x9",
                          "redis://host:6379/x",
                          "redis://host:6379/",
                          "redis://host:6379?timeout=0",
                          "redis://host:6379?timeout=ms",
                          "redis://host:6379?sync=normal",
                          "redis+unix://",
                          "redis+unix://?db=1",
                          "redis+unix:///s.sock?db=-1",
                          "http://example.com"}) {
    auto parsed = parseBackendUri(uri);
    EXPECT_FALSE(parsed.ok()) << uri;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().kind, ErrorKind::Usage) << uri;
    }
    auto opened = openBackend(uri);
    EXPECT_FALSE(opened.ok()) << uri;
    if (!opened.ok()) {
      EXPECT_EQ(opened.error().kind, ErrorKind::Usage) << uri;
    }
  }
}

}  // namespace
}  // namespace sable::kv
