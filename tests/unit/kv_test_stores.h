// Real stores for the key-value backend tests: a temporary directory, a redis-server of the
// test's own (on a unix socket in that directory, or a free loopback port, never saving to
// disk), and the URI of each kind of store.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sable/kv.h"

extern char** environ;

namespace sable::test {

// The redis-server CMake found (empty when it is not installed).
inline std::string redisServerPath() { return SABLE_REDIS_SERVER; }

// A directory removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sable-kv-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  // The directory ("" if it could not be made).
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A loopback TCP port nobody listens on right now.
inline uint16_t freeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  close(fd);
  return port;
}

// A redis-server child process, stopped (SIGKILL) when the object goes.
class RedisServer {
 public:
  // Starts a server in `dir`: on a unix socket there (tcpPort 0), or on 127.0.0.1:tcpPort.
  RedisServer(const std::string& dir, uint16_t tcpPort = 0) : socket_(dir + "/redis.sock") {
    std::vector<std::string> args = {redisServerPath(),
                                     "--port",
                                     std::to_string(tcpPort),
                                     "--save",
                                     "",
                                     "--appendonly",
                                     "no",
                                     "--dir",
                                     dir,
                                     "--logfile",
                                     dir + "/redis.log",
                                     "--daemonize",
                                     "no"};
    if (tcpPort == 0) {
      args.insert(args.end(), {"--unixsocket", socket_, "--unixsocketperm", "700"});
    } else {
      args.insert(args.end(), {"--bind", "127.0.0.1"});
      uri_ = "redis://127.0.0.1:" + std::to_string(tcpPort);
    }
    if (tcpPort == 0) uri_ = "redis+unix://" + socket_;
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;
  ~RedisServer() { kill(); }

  // Waits (up to 10 s) until the server answers; false if it never does.
  bool waitReady() const {
    for (int i = 0; i < 1000 && pid_ > 0; ++i) {
      if (kv::openBackend(uri_).ok()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  // Ends the server at once (SIGKILL) and reaps it.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // The URI of this server's store.
  const std::string& uri() const { return uri_; }

 private:
  std::string socket_;
  std::string uri_;
  pid_t pid_ = -1;
};

// The kinds of store every conformance test runs against.
enum class StoreKind { Memory, Sqlite, Redis };

inline std::string storeKindName(StoreKind kind) {
  switch (kind) {
    case StoreKind::Memory:
      return "memory";
    case StoreKind::Sqlite:
      return "sqlite";
    case StoreKind::Redis:
      return "redis";
  }
  return "?";
}

// One store of a kind for one test: its directory, its server (redis), its URI.
class TestStore {
 public:
  explicit TestStore(StoreKind kind) : kind_(kind) {
    if (kind == StoreKind::Sqlite) uri_ = "sqlite:" + dir_.path() + "/kv.db";
    if (kind == StoreKind::Memory) uri_ = "memory";
    if (kind == StoreKind::Redis && unavailable().empty()) {
      server_.emplace(dir_.path());
      uri_ = server_->uri();
      ready_ = server_->waitReady();
    }
  }
  // Why this kind cannot run here, or "" (a store left out of the build; no redis-server).
  std::string unavailable() const {
    if (kind_ == StoreKind::Sqlite && !SABLE_TEST_KV_SQLITE) return "this build has no SQLite";
    if (kind_ == StoreKind::Redis && !SABLE_TEST_KV_REDIS) return "this build has no hiredis";
    if (kind_ == StoreKind::Redis && redisServerPath().empty())
      return "redis-server is not installed (scripts/deps.sh installs it)";
    return "";
  }
  // Whether the store is up (a redis-server that never answered is a failure, not a skip).
  bool ready() const { return ready_; }
  const std::string& uri() const { return uri_; }
  const std::string& dir() const { return dir_.path(); }
  RedisServer* server() { return server_ ? &*server_ : nullptr; }

 private:
  StoreKind kind_;
  TempDir dir_;
  std::optional<RedisServer> server_;
  std::string uri_;
  bool ready_ = true;
};

// A test run once per kind of store: SetUp starts a store of the kind (skipping, with the reason,
// a kind this build or machine cannot run) and opens it as kv_.
class KvStoreTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    store_.emplace(GetParam());
    if (!store_->unavailable().empty()) GTEST_SKIP() << store_->unavailable();
    ASSERT_TRUE(store_->ready()) << "redis-server did not start";
    auto opened = kv::openBackend(store_->uri());
    ASSERT_TRUE(opened.ok()) << opened.error().toString();
    kv_ = *opened;
  }

  std::optional<TestStore> store_;
  std::shared_ptr<kv::Backend> kv_;
};

}  // namespace sable::test
