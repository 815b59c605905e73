// Two processes updating one key of a shared store at once, by compare-and-swap and by
// increment: no update is lost (10,000 each end at 20,000), for the stores processes share.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <string>

#include "kv_test_stores.h"
#include "sable/kv.h"

namespace sable::test {
namespace {

constexpr int kUpdatesPerProcess = 10'000;

// Adds one to the counter at `key` by reading it and swapping in the successor, starting over
// whenever another process got there first. False on a store error.
bool casIncrement(kv::Backend& kv, const std::string& key) {
  for (;;) {
    auto current = kv.get("race", key);
    if (!current.ok()) {
      std::fprintf(stderr, "updater: %s\n", current.error().toString().c_str());
      return false;
    }
    int64_t value = 0;
    if (*current)
      std::from_chars((*current)->data(), (*current)->data() + (*current)->size(), value);
    std::optional<std::string_view> expected;
    if (*current) expected = **current;
    auto swapped = kv.compareAndSwap("race", key, expected, std::to_string(value + 1));
    if (!swapped.ok()) {
      std::fprintf(stderr, "updater: %s\n", swapped.error().toString().c_str());
      return false;
    }
    if (*swapped) return true;
  }
}

// In a forked child: opens the store itself and makes its updates; exit status 0 when all
// succeeded.
pid_t startUpdater(const std::string& uri, bool useCas) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  auto kv = kv::openBackend(uri);
  if (!kv.ok()) {
    std::fprintf(stderr, "updater: %s\n", kv.error().toString().c_str());
    _exit(2);
  }
  for (int i = 0; i < kUpdatesPerProcess; ++i) {
    if (useCas ? !casIncrement(**kv, "cas") : !(*kv)->increment("race", "inc", 1).ok()) {
      std::fprintf(stderr, "updater: update %d failed\n", i);
      _exit(1);
    }
  }
  _exit(0);
}

class KvProcessRace : public ::testing::TestWithParam<StoreKind> {
 protected:
  void race(bool useCas) {
    TestStore store(GetParam());
    if (!store.unavailable().empty()) GTEST_SKIP() << store.unavailable();
    ASSERT_TRUE(store.ready());
    // The race is about atomicity, not durability: sync=normal spares 20,000 fsyncs.
    const std::string uri =
        GetParam() == StoreKind::Sqlite ? store.uri() + "?sync=normal" : store.uri();
    fflush(nullptr);
    const pid_t first = startUpdater(uri, useCas);
    const pid_t second = startUpdater(uri, useCas);
    for (pid_t pid : {first, second}) {
      int status = -1;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "updater status " << status;
    }
    auto kv = kv::openBackend(store.uri());
    ASSERT_TRUE(kv.ok()) << kv.error().toString();
    EXPECT_EQ(*(*kv)->get("race", useCas ? "cas" : "inc"), std::to_string(2 * kUpdatesPerProcess));
  }
};

TEST_P(KvProcessRace, CompareAndSwapLosesNoUpdate) { race(true); }

TEST_P(KvProcessRace, IncrementLosesNoUpdate) { race(false); }

INSTANTIATE_TEST_SUITE_P(SharedStores, KvProcessRace,
                         ::testing::Values(StoreKind::Sqlite, StoreKind::Redis),
                         [](const auto& info) { return storeKindName(info.param); });

}  // namespace
}  // namespace sable::test
