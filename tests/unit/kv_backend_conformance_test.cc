// One conformance suite for every key-value store: the same calls and expectations against
// memory, a SQLite file and a real redis-server.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "kv_test_stores.h"
#include "sable/kv.h"

namespace sable::test {
namespace {

class KvBackendConformance : public KvStoreTest {
 protected:
  std::optional<std::string> get(std::string_view bucket, std::string_view key) {
    auto value = kv_->get(bucket, key);
    EXPECT_TRUE(value.ok()) << value.error().toString();
    return value.ok() ? *value : std::nullopt;
  }
  void set(std::string_view bucket, std::string_view key, std::string_view value) {
    auto done = kv_->set(bucket, key, value);
    ASSERT_TRUE(done.ok()) << done.error().toString();
  }
  // Every page of `bucket` with `limit`, checking each page's size.
  std::vector<std::string> listAll(std::string_view bucket, uint32_t limit) {
    std::vector<std::string> keys;
    std::optional<std::string> cursor;
    for (int pages = 0; pages < 10'000; ++pages) {
      auto page = kv_->listKeys(bucket, cursor, limit);
      EXPECT_TRUE(page.ok()) << page.error().toString();
      if (!page.ok()) break;
      EXPECT_LE(page->keys.size(), limit);
      keys.insert(keys.end(), page->keys.begin(), page->keys.end());
      if (!page->cursor) break;
      cursor = page->cursor;
    }
    return keys;
  }
  bool ordered() const { return GetParam() != StoreKind::Redis; }
};

TEST_P(KvBackendConformance, SetGetEraseExists) {
  EXPECT_EQ(get("b", "k"), std::nullopt);
  EXPECT_FALSE(*kv_->exists("b", "k"));
  set("b", "k", "v1");
  EXPECT_EQ(get("b", "k"), "v1");
  EXPECT_TRUE(*kv_->exists("b", "k"));
  set("b", "k", "v2");
  EXPECT_EQ(get("b", "k"), "v2");
  EXPECT_TRUE(*kv_->erase("b", "k"));
  EXPECT_FALSE(*kv_->erase("b", "k"));
  EXPECT_EQ(get("b", "k"), std::nullopt);
  EXPECT_FALSE(*kv_->exists("b", "k"));
}

TEST_P(KvBackendConformance, BucketsAreSeparateNamespaces) {
  set("one", "k", "1");
  set("two", "k", "2");
  EXPECT_EQ(get("one", "k"), "1");
  EXPECT_EQ(get("two", "k"), "2");
  EXPECT_EQ(listAll("one", 10), std::vector<std::string>{"k"});
  EXPECT_TRUE(*kv_->erase("one", "k"));
  EXPECT_EQ(get("two", "k"), "2");
}

TEST_P(KvBackendConformance, ListKeysPagesWithCursorsCoverEveryKey) {
  std::set<std::string> expected;
  for (int i = 0; i < 53; ++i) {
    const std::string key = "key-" + std::to_string(1000 + i);
    set("list", key, "x");
    expected.insert(key);
  }
  set("other", "key-elsewhere", "x");
  for (uint32_t limit : {1u, 7u, 53u, 100u}) {
    const std::vector<std::string> keys = listAll("list", limit);
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), expected) << "limit " << limit;
    if (ordered()) {
      EXPECT_EQ(keys, std::vector<std::string>(expected.begin(), expected.end()));
    }
  }
}

TEST_P(KvBackendConformance, ListKeysOfAnEmptyBucketIsOneEmptyPage) {
  auto page = kv_->listKeys("nothing-here", std::nullopt, 10);
  ASSERT_TRUE(page.ok()) << page.error().toString();
  EXPECT_TRUE(page->keys.empty());
  EXPECT_FALSE(page->cursor);
  auto zero = kv_->listKeys("nothing-here", std::nullopt, 0);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().kind, ErrorKind::Usage);
}

TEST_P(KvBackendConformance, IncrementCountsInDecimalText) {
  EXPECT_EQ(*kv_->increment("c", "n", 5), 5);
  EXPECT_EQ(*kv_->increment("c", "n", -7), -2);
  EXPECT_EQ(get("c", "n"), "-2");
  set("c", "m", "40");
  EXPECT_EQ(*kv_->increment("c", "m", 2), 42);
  set("c", "text", "forty");
  auto notNumber = kv_->increment("c", "text", 1);
  ASSERT_FALSE(notNumber.ok());
  EXPECT_EQ(notNumber.error().kind, ErrorKind::Usage) << notNumber.error().toString();
  set("c", "max", std::to_string(INT64_MAX));
  auto overflow = kv_->increment("c", "max", 1);
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().kind, ErrorKind::Usage) << overflow.error().toString();
  EXPECT_EQ(get("c", "max"), std::to_string(INT64_MAX));
}

TEST_P(KvBackendConformance, CompareAndSwapSwapsOnlyOnAMatch) {
  EXPECT_FALSE(*kv_->compareAndSwap("s", "k", "something", "v"));
  EXPECT_EQ(get("s", "k"), std::nullopt);
  EXPECT_TRUE(*kv_->compareAndSwap("s", "k", std::nullopt, "v1"));
  EXPECT_FALSE(*kv_->compareAndSwap("s", "k", std::nullopt, "v2"));
  EXPECT_FALSE(*kv_->compareAndSwap("s", "k", "v0", "v2"));
  EXPECT_EQ(get("s", "k"), "v1");
  EXPECT_TRUE(*kv_->compareAndSwap("s", "k", "v1", "v2"));
  EXPECT_EQ(get("s", "k"), "v2");
  EXPECT_TRUE(*kv_->compareAndSwap("s", "k", "v2", ""));
  EXPECT_TRUE(*kv_->compareAndSwap("s", "k", "", "v3"));
  EXPECT_EQ(get("s", "k"), "v3");
}

TEST_P(KvBackendConformance, BatchGetSetDeleteMany) {
  ASSERT_TRUE(kv_->setMany("m", {{"a", "1"}, {"b", "2"}, {"c", "3"}}).ok());
  auto values = kv_->getMany("m", {"a", "missing", "c", "b"});
  ASSERT_TRUE(values.ok()) << values.error().toString();
  EXPECT_EQ(*values, (std::vector<std::optional<std::string>>{"1", std::nullopt, "3", "2"}));
  ASSERT_TRUE(kv_->eraseMany("m", {"a", "c", "never-there"}).ok());
  EXPECT_EQ(*kv_->getMany("m", {"a", "b", "c"}),
            (std::vector<std::optional<std::string>>{std::nullopt, "2", std::nullopt}));
  EXPECT_TRUE(kv_->getMany("m", {})->empty());
  EXPECT_TRUE(kv_->setMany("m", {}).ok());
  EXPECT_TRUE(kv_->eraseMany("m", {}).ok());
}

TEST_P(KvBackendConformance, EmptyKeyAndEmptyValueAreOrdinary) {
  set("e", "", "value of the empty key");
  set("e", "empty", "");
  EXPECT_EQ(get("e", ""), "value of the empty key");
  EXPECT_EQ(get("e", "empty"), "");
  EXPECT_TRUE(*kv_->exists("e", "empty"));
  const std::vector<std::string> keys = listAll("e", 10);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), (std::set<std::string>{"", "empty"}));
  EXPECT_TRUE(*kv_->erase("e", ""));
  EXPECT_FALSE(*kv_->exists("e", ""));
}

TEST_P(KvBackendConformance, OneMebibyteValuesRoundTrip) {
  std::string big(1 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) >> 3);
  set("big", "k", big);
  EXPECT_EQ(get("big", "k"), big);
  ASSERT_TRUE(kv_->setMany("big", {{"k2", big}}).ok());
  EXPECT_EQ(kv_->getMany("big", {"k2"})->at(0), big);
}

TEST_P(KvBackendConformance, BinaryBytesInKeysAndValues) {
  std::string everyByte;
  for (int b = 0; b < 256; ++b) everyByte.push_back(static_cast<char>(b));
  const std::vector<std::string> keys = {everyByte, std::string("\0\0", 2), "a:b", "*?[x]\\",
                                         std::string("\xff\xfe", 2)};
  for (const auto& key : keys) set("bin", key, key + everyByte);
  for (const auto& key : keys) EXPECT_EQ(get("bin", key), key + everyByte);
  const std::vector<std::string> listed = listAll("bin", 2);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()),
            std::set<std::string>(keys.begin(), keys.end()));
  EXPECT_EQ(get("bin", std::string("\0", 1)), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(AllStores, KvBackendConformance,
                         ::testing::Values(StoreKind::Memory, StoreKind::Sqlite, StoreKind::Redis),
                         [](const auto& info) { return storeKindName(info.param); });

}  // namespace
}  // namespace sable::test
