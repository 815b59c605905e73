// A scratch directory tree for the WASI tests: a sandbox (what the guest is granted) beside a
// secret it must never reach, with every kind of symlink trick inside the sandbox.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace sable::test {

class WasiSandbox {
 public:
  WasiSandbox() {
    char tmpl[] = "/tmp/sable-wasi-test-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    namespace fs = std::filesystem;
    fs::create_directories(sandbox() + "/sub/deeper");
    fs::create_directory(root_ + "/outside_dir");
    write(root_ + "/secret", "secret");
    write(root_ + "/outside_dir/secret2", "secret2");
    write(sandbox() + "/file", "file contents");
    write(sandbox() + "/sub/inner", "inner");
    link("../secret", "link_up");             // relative, climbs out
    link(root_ + "/secret", "link_abs");      // absolute host path
    link("..", "dirlink_up");                 // a directory link to the parent
    link("../../secret", "sub/deep_escape");  // climbs out from a subdirectory
    link("sub/inner", "link_ok");             // stays inside
    link("sub/../file", "link_dotdot_ok");    // `..` that stays inside
    link("chain2", "chain1");                 // chain of three, ends inside
    link("chain3", "chain2");
    link("file", "chain3");
    link("escape2", "escape1");  // chain whose last hop escapes
    link("sub/deeper/../../../secret", "escape2");
    link("loop2", "loop1");  // loop
    link("loop1", "loop2");
    link("self", "self");         // self-loop
    link("missing", "dangling");  // dangling
    link("sub", "dirlink_ok");    // link to a directory inside
    link("/", "rootlink");
    fd_ = ::open(sandbox().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  ~WasiSandbox() {
    ::close(fd_);
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  std::string sandbox() const { return root_ + "/sandbox"; }
  std::string root() const { return root_; }
  int fd() const { return fd_; }

  static std::string read(int fd) {
    char buf[256];
    ssize_t n = ::pread(fd, buf, sizeof buf, 0);
    return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
  }

 private:
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  void link(const std::string& target, const std::string& name) {
    std::filesystem::create_symlink(target, sandbox() + "/" + name);
  }

  std::string root_;
  int fd_ = -1;
};

}  // namespace sable::test
