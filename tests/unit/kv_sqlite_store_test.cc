// The sqlite: store beyond the conformance suite: files that are not (or no longer) SQLite
// databases, values across reopening, a file another process holds, and crash safety (a child
// acknowledging each set, SIGKILLed at a random moment, loses no acknowledged key).
//
// The crash test runs SABLE_KV_CRASH_ITERATIONS times (default 20); the soak is one command:
//   SABLE_KV_CRASH_ITERATIONS=1000 build/default/tests/sable_unit_tests
//       --gtest_filter='KvSqliteStore.AcknowledgedSetsSurviveSigkill'
#include <gtest/gtest.h>
#include <signal.h>
#if SABLE_TEST_KV_SQLITE
#include <sqlite3.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "kv_test_stores.h"
#include "sable/kv.h"

namespace sable::test {
namespace {

#if SABLE_TEST_KV_SQLITE

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(KvSqliteStore, AFileThatIsNotADatabaseIsAnIoErrorAtOpen) {
  TempDir dir;
  const std::string path = dir.path() + "/notes.txt";
  writeFile(path, std::string(8192, 'x') + "not a database at all");
  auto opened = kv::openBackend("sqlite:" + path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::Io);
  EXPECT_NE(opened.error().message.find(path), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find("not a database"), std::string::npos)
      << opened.error().message;
}

TEST(KvSqliteStore, ADamagedDatabaseIsAnIoErrorAtOpen) {
  TempDir dir;
  const std::string path = dir.path() + "/kv.db";
  {
    auto kv = kv::openBackend("sqlite:" + path);
    ASSERT_TRUE(kv.ok()) << kv.error().toString();
    for (int i = 0; i < 200; ++i)
      ASSERT_TRUE((*kv)->set("b", "key" + std::to_string(i), std::string(500, 'v')).ok());
  }
  // Keep the 100-byte header (so SQLite recognises the file) and scribble over every page after
  // the first.
  std::string bytes = readFile(path);
  ASSERT_GT(bytes.size(), 8192u);
  for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  writeFile(path, bytes);
  auto opened = kv::openBackend("sqlite:" + path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::Io);
  EXPECT_NE(opened.error().message.find(path), std::string::npos) << opened.error().message;
}

TEST(KvSqliteStore, ADirectoryOrAMissingFolderIsAnIoErrorAtOpen) {
  TempDir dir;
  for (const std::string& path : {dir.path(), dir.path() + "/no/such/folder/kv.db"}) {
    auto opened = kv::openBackend("sqlite:" + path);
    ASSERT_FALSE(opened.ok()) << path;
    EXPECT_EQ(opened.error().kind, ErrorKind::Io);
  }
}

TEST(KvSqliteStore, ValuesSurviveReopeningWithEitherSyncMode) {
  TempDir dir;
  const std::string uri = "sqlite:" + dir.path() + "/kv.db";
  ASSERT_TRUE((*kv::openBackend(uri))->set("b", "k", "full").ok());
  EXPECT_EQ(*(*kv::openBackend(uri + "?sync=normal"))->get("b", "k"), "full");
  ASSERT_TRUE((*kv::openBackend(uri + "?sync=normal"))->set("b", "k", "normal").ok());
  EXPECT_EQ(*(*kv::openBackend(uri))->get("b", "k"), "normal");
}

TEST(KvSqliteStore, AWriterWaitsForAnotherProcessHoldingTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/kv.db";
  auto kv = kv::openBackend("sqlite:" + path);
  ASSERT_TRUE(kv.ok()) << kv.error().toString();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  fflush(nullptr);
  const pid_t holder = fork();
  if (holder == 0) {
    // Holds the write lock for 300 ms, as a busy process would, then lets go.
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) _exit(2);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) _exit(3);
    (void)!write(ready[1], "x", 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    _exit(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK ? 0 : 4);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  const auto start = std::chrono::steady_clock::now();
  auto written = (*kv)->set("b", "k", "after the holder");
  EXPECT_TRUE(written.ok()) << written.error().toString();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  int status = -1;
  ASSERT_EQ(waitpid(holder, &status, 0), holder);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(*(*kv)->get("b", "k"), "after the holder");
  close(ready[0]);
  close(ready[1]);
}

// The child of one crash iteration: opens the store and writes 0 to `ack`, then sets keys
// `prefix0`, `prefix1`, ... and writes i + 1 to `ack` once the set of key i has returned.
[[noreturn]] void acknowledgeSets(const std::string& uri, const std::string& prefix, int ack) {
  auto kv = kv::openBackend(uri);
  if (!kv.ok()) _exit(2);
  for (uint32_t done = 0;; ++done) {
    if (write(ack, &done, sizeof done) != sizeof done) _exit(3);
    if (!(*kv)->set("crash", prefix + std::to_string(done), "value " + std::to_string(done)).ok())
      _exit(1);
  }
}

// Reads one acknowledgement (blocking); false at the end of the pipe.
bool readAck(int ack, uint32_t& done) { return read(ack, &done, sizeof done) == sizeof done; }

// How many sets the child acknowledged before it died: the acknowledgements it wrote are all
// in the pipe, read to its end.
int64_t acknowledged(int ack) {
  uint32_t done = 0;
  int64_t count = 0;
  while (readAck(ack, done)) count = done;
  return count;
}

int crashIterations() {
  const char* value = std::getenv("SABLE_KV_CRASH_ITERATIONS");
  return value != nullptr ? std::max(1, std::atoi(value)) : 20;
}

TEST(KvSqliteStore, AcknowledgedSetsSurviveSigkill) {
  TempDir dir;
  const std::string uri = "sqlite:" + dir.path() + "/kv.db";
  const unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delayUs(0, 100'000);
  const int iterations = crashIterations();
  int64_t total = 0;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    int ack[2];
    ASSERT_EQ(pipe(ack), 0);
    const std::string prefix = "i" + std::to_string(iteration) + "-";
    fflush(nullptr);
    const pid_t child = fork();
    if (child == 0) {
      close(ack[0]);
      acknowledgeSets(uri, prefix, ack[1]);
    }
    close(ack[1]);
    // The random moment is counted from when the child has opened the store, so it falls
    // among the sets rather than in SQLite's open.
    uint32_t opened = 0;
    ASSERT_TRUE(readAck(ack[0], opened)) << "the writer could not open " << uri;
    std::this_thread::sleep_for(std::chrono::microseconds(delayUs(random)));
    kill(child, SIGKILL);
    int status = -1;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself, status " << status;
    const int64_t count = acknowledged(ack[0]);
    close(ack[0]);
    total += count;
    auto kv = kv::openBackend(uri);
    ASSERT_TRUE(kv.ok()) << "iteration " << iteration << ": " << kv.error().toString();
    for (int64_t i = 0; i < count; ++i) {
      auto value = (*kv)->get("crash", prefix + std::to_string(i));
      ASSERT_TRUE(value.ok()) << value.error().toString();
      ASSERT_EQ(*value, "value " + std::to_string(i))
          << "iteration " << iteration << " lost acknowledged key " << i << " of " << count
          << " (seed " << seed << ")";
    }
  }
  std::printf("crash safety: %d SIGKILLs, %lld acknowledged sets, none lost (seed %u)\n",
              iterations, static_cast<long long>(total), seed);
}

#else
TEST(KvSqliteStore, NotBuilt) { GTEST_SKIP() << "this build has no SQLite"; }
#endif

}  // namespace
}  // namespace sable::test
