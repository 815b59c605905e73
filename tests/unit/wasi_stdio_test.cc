// The inherited stdio descriptors against a hostile guest: they are streams (a file given as
// stdout cannot be truncated, preallocated, sought, written at an offset or have its times set),
// and the status flags the guest turns on (O_NONBLOCK, O_APPEND) are put back when its
// WasiContext goes, since the host shares those open file descriptions with other processes.
//
// Each test runs in a forked child whose fds 0-2 are a pipe and two files the parent keeps open:
// the parent then sees the same open file descriptions the guest had.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"
#include "sable/sable.h"

namespace sable {
namespace {

constexpr int32_t kSuccess = 0, kNotCapable = 76;
constexpr uint32_t kFdflagAppend = 1, kFdflagNonblock = 4;
// The times the guest tries to give its stdout.
constexpr uint64_t kGuestTime = 1234567890ull * 1000000000ull;
constexpr uint64_t kRightFdRead = 1ull << 1, kRightFdWrite = 1ull << 6;

Value i32(uint32_t v) { return Value::i32(static_cast<int32_t>(v)); }
Value i64(uint64_t v) { return Value::i64(static_cast<int64_t>(v)); }

// A guest with the process's stdio, calling WASI functions by name.
class StdioGuest {
 public:
  StdioGuest() {
    WasiConfig config;
    config.inheritStdio = true;
    auto context = WasiContext::create(config);
    if (context.ok()) context_ = std::move(*context);
    (void)defineWasi(linker_, store_, *context_);
    memory_ = *Memory::create(store_, MemoryType{Limits{1, 1, true}});
    context_->bindMemory(*memory_);
  }
  int32_t call(const char* name, std::vector<Value> args) {
    auto results = linker_.get(kWasiPreview1Module, name)->func()->call(store_, args);
    return results.ok() ? (*results)[0].asI32() : -1;
  }
  uint64_t u64At(uint32_t at) {
    uint64_t v;
    std::memcpy(&v, memory_->data().data() + at, 8);
    return v;
  }
  void put(uint32_t at, const std::string& text) {
    std::memcpy(memory_->data().data() + at, text.data(), text.size());
  }
  // An iovec {buf, len} at `at`.
  void putIovec(uint32_t at, uint32_t buf, uint32_t len) {
    std::memcpy(memory_->data().data() + at, &buf, 4);
    std::memcpy(memory_->data().data() + at + 4, &len, 4);
  }
  void destroyContext() { context_.reset(); }

 private:
  std::optional<Engine> engine_ = std::move(*Engine::create());
  Store store_{*engine_};
  Linker linker_;
  std::unique_ptr<WasiContext> context_;
  std::optional<Memory> memory_;
};

class WasiStdioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sable-wasi-stdio-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    ASSERT_EQ(::pipe(pipe_), 0);
    out_ = openFile("stdout", "held before\n");
    err_ = openFile("stderr", "");
    const timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    ASSERT_EQ(::futimens(out_, old), 0);
  }
  void TearDown() override {
    for (int fd : {pipe_[0], pipe_[1], out_, err_}) ::close(fd);
    std::filesystem::remove_all(dir_);
  }

  int openFile(const std::string& name, const std::string& text) {
    int fd = ::open((dir_ + "/" + name).c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    return fd;
  }

  // Runs `body` in a child whose fds 0, 1, 2 are the pipe's read end, the stdout file and the
  // stderr file: 0 if every check in it passed, else the number of the first that failed.
  int inChild(const std::function<int()>& body) {
    test::ChildOutcome o = test::runInChild([&] {
      if (::dup2(pipe_[0], 0) < 0 || ::dup2(out_, 1) < 0 || ::dup2(err_, 2) < 0) return 100;
      return body();
    });
    return o.exited ? o.exitCode : 200 + o.signal;
  }

  std::string dir_;
  int pipe_[2] = {-1, -1};
  int out_ = -1, err_ = -1;
};

TEST_F(WasiStdioTest, StdioHasStreamRightsOnly) {
  EXPECT_EQ(
      inChild([] {
        StdioGuest g;
        if (g.call("fd_fdstat_get", {i32(1), i32(0)}) != kSuccess) return 1;
        if ((g.u64At(8) & ~(kRightFdWrite | (1ull << 3) | (1ull << 21) | (1ull << 27))) != 0) {
          return 2;
        }
        if (g.call("fd_fdstat_get", {i32(0), i32(0)}) != kSuccess) return 3;
        if (g.u64At(8) & kRightFdWrite || !(g.u64At(8) & kRightFdRead)) return 4;
        // What a file as stdout or stderr must not let the guest do.
        for (uint32_t fd : {1u, 2u}) {
          if (g.call("fd_filestat_set_size", {i32(fd), i64(0)}) != kNotCapable) return 10;
          if (g.call("fd_allocate", {i32(fd), i64(0), i64(1 << 20)}) != kNotCapable) return 11;
          if (g.call("fd_seek", {i32(fd), i64(0), i32(0), i32(64)}) != kNotCapable) return 12;
          if (g.call("fd_seek", {i32(fd), i64(0), i32(1), i32(64)}) != kNotCapable) return 13;
          if (g.call("fd_tell", {i32(fd), i32(64)}) != kNotCapable) return 14;
          if (g.call("fd_filestat_set_times",
                     {i32(fd), i64(kGuestTime), i64(kGuestTime), i32(1 | 4)}) != kNotCapable) {
            return 15;
          }
          g.put(200, "XXXX");
          g.putIovec(100, 200, 4);
          if (g.call("fd_pwrite", {i32(fd), i32(100), i32(1), i64(0), i32(64)}) != kNotCapable) {
            return 16;
          }
          if (g.call("fd_advise", {i32(fd), i64(0), i64(0), i32(0)}) != kNotCapable) return 17;
          if (g.call("fd_read", {i32(fd), i32(100), i32(1), i32(64)}) != kNotCapable) return 18;
        }
        if (g.call("fd_seek", {i32(0), i64(0), i32(0), i32(64)}) != kNotCapable) return 19;
        if (g.call("fd_write", {i32(0), i32(100), i32(1), i32(64)}) != kNotCapable) return 20;
        // What it may do: write.
        g.put(200, "ok!\n");
        g.putIovec(100, 200, 4);
        if (g.call("fd_write", {i32(1), i32(100), i32(1), i32(64)}) != kSuccess) return 21;
        return 0;
      }),
      0);
  char buf[64] = {};
  ASSERT_EQ(::pread(out_, buf, sizeof buf, 0), 16);
  EXPECT_STREQ(buf, "held before\nok!\n");
  struct stat st {};
  ASSERT_EQ(::fstat(out_, &st), 0);
  EXPECT_NE(st.st_atim.tv_sec, kGuestTime / 1000000000);
  EXPECT_NE(st.st_mtim.tv_sec, kGuestTime / 1000000000);
}

TEST_F(WasiStdioTest, FlagsTheGuestSetAreRestored) {
  EXPECT_EQ(inChild([] {
              StdioGuest g;
              for (uint32_t fd : {0u, 1u, 2u}) {
                if (g.call("fd_fdstat_set_flags",
                           {i32(fd), i32(kFdflagAppend | kFdflagNonblock)}) != kSuccess) {
                  return 1;
                }
                int flags = ::fcntl(static_cast<int>(fd), F_GETFL);
                if (!(flags & O_NONBLOCK) || !(flags & O_APPEND)) return 2;  // it did change them
              }
              g.destroyContext();
              for (int fd : {0, 1, 2}) {
                if (::fcntl(fd, F_GETFL) & (O_NONBLOCK | O_APPEND)) return 3;
              }
              return 0;
            }),
            0);
  // And the parent, which shares those open file descriptions, sees them as they were.
  for (int fd : {pipe_[0], out_, err_})
    EXPECT_EQ(::fcntl(fd, F_GETFL) & (O_NONBLOCK | O_APPEND), 0);
}

TEST_F(WasiStdioTest, FlagsTheHostHadStay) {
  // A description that was non-blocking before the guest came stays so after it.
  ASSERT_EQ(::fcntl(pipe_[0], F_SETFL, O_NONBLOCK), 0);
  EXPECT_EQ(inChild([] {
              StdioGuest g;
              if (g.call("fd_fdstat_set_flags", {i32(0), i32(0)}) != kSuccess) return 1;
              if (::fcntl(0, F_GETFL) & O_NONBLOCK) return 2;
              g.destroyContext();
              return (::fcntl(0, F_GETFL) & O_NONBLOCK) ? 0 : 3;
            }),
            0);
  EXPECT_NE(::fcntl(pipe_[0], F_GETFL) & O_NONBLOCK, 0);
}

}  // namespace
}  // namespace sable
