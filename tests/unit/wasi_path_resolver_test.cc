// Path resolution beneath a preopen: every escape trick, for both resolvers (openat2 with
// RESOLVE_BENEATH, and the component walk used when the kernel has no openat2).
#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "host-wasi/path_resolver.h"
#include "wasi_fixture.h"

namespace sable::wasi {
namespace {

using test::WasiSandbox;

// Runs each test with openBeneath (openat2 on this kernel) and with the manual walk.
class PathResolverTest : public ::testing::TestWithParam<bool> {
 protected:
  OpenResult open(std::string_view path, int flags = O_RDONLY) {
    return GetParam() ? openBeneathByWalk(box_.fd(), path, flags, 0644)
                      : openBeneath(box_.fd(), path, flags, 0644);
  }
  Errno error(std::string_view path, int flags = O_RDONLY) { return open(path, flags).error; }
  std::string contents(std::string_view path) {
    OpenResult r = open(path);
    EXPECT_EQ(r.error, Errno::Success) << path;
    return r.fd ? WasiSandbox::read(r.fd.get()) : "";
  }

  WasiSandbox box_;
};

TEST_P(PathResolverTest, OrdinaryPathsResolve) {
  EXPECT_EQ(contents("file"), "file contents");
  EXPECT_EQ(contents("sub/inner"), "inner");
  EXPECT_EQ(contents("./sub/./inner"), "inner");
  EXPECT_EQ(contents("sub//inner"), "inner");
  EXPECT_EQ(contents("sub/../file"), "file contents");
  EXPECT_EQ(contents("sub/deeper/../../file"), "file contents");
  EXPECT_EQ(error(".", O_RDONLY | O_DIRECTORY), Errno::Success);
  EXPECT_EQ(error("sub/..", O_RDONLY | O_DIRECTORY), Errno::Success);
}

TEST_P(PathResolverTest, DotDotCannotClimbOut) {
  EXPECT_EQ(error(".."), Errno::Perm);
  EXPECT_EQ(error("../secret"), Errno::Perm);
  EXPECT_EQ(error("sub/../../secret"), Errno::Perm);
  EXPECT_EQ(error("sub/deeper/../../../secret"), Errno::Perm);
  EXPECT_EQ(error("../sandbox/file"), Errno::Perm);  // out and back in is still out
  EXPECT_EQ(error("../outside_dir/secret2"), Errno::Perm);
}

TEST_P(PathResolverTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(error("/etc/passwd"), Errno::Perm);
  EXPECT_EQ(error("/"), Errno::Perm);
  EXPECT_EQ(error(box_.root() + "/secret"), Errno::Perm);
}

TEST_P(PathResolverTest, SymlinksInsideAreFollowed) {
  EXPECT_EQ(contents("link_ok"), "inner");
  EXPECT_EQ(contents("link_dotdot_ok"), "file contents");
  EXPECT_EQ(contents("chain1"), "file contents");
  EXPECT_EQ(contents("dirlink_ok/inner"), "inner");
}

TEST_P(PathResolverTest, SymlinksCannotLeave) {
  EXPECT_EQ(error("link_up"), Errno::Perm);
  EXPECT_EQ(error("link_abs"), Errno::Perm);
  EXPECT_EQ(error("dirlink_up/secret"), Errno::Perm);
  EXPECT_EQ(error("dirlink_up/sandbox/file"), Errno::Perm);
  EXPECT_EQ(error("sub/deep_escape"), Errno::Perm);
  EXPECT_EQ(error("escape1"), Errno::Perm);
  EXPECT_EQ(error("rootlink/etc/passwd"), Errno::Perm);
  // Creating through an escaping link must not create anything outside either.
  EXPECT_EQ(error("dirlink_up/created", O_WRONLY | O_CREAT), Errno::Perm);
  EXPECT_FALSE(std::filesystem::exists(box_.root() + "/created"));
}

TEST_P(PathResolverTest, LoopsAndDanglingLinks) {
  EXPECT_EQ(error("loop1"), Errno::Loop);
  EXPECT_EQ(error("self"), Errno::Loop);
  EXPECT_EQ(error("loop1/x"), Errno::Loop);
  EXPECT_EQ(error("dangling"), Errno::NoEnt);
}

TEST_P(PathResolverTest, NoFollowRefusesAFinalSymlink) {
  EXPECT_EQ(error("link_ok", O_RDONLY | O_NOFOLLOW), Errno::Loop);
  EXPECT_EQ(error("link_up", O_RDONLY | O_NOFOLLOW), Errno::Loop);
  // O_PATH|O_NOFOLLOW opens the link itself, never its (outside) target.
  OpenResult r = open("link_up", O_PATH | O_NOFOLLOW);
  EXPECT_EQ(r.error, Errno::Success);
}

// A trailing slash makes the last name a directory, followed if it is a symlink (beneath the
// directory only), whatever O_NOFOLLOW says; open(2) never creates a name given with one.
TEST_P(PathResolverTest, TrailingSlashes) {
  EXPECT_EQ(error("sub/", O_RDONLY | O_NOFOLLOW), Errno::Success);
  EXPECT_EQ(error("dirlink_ok/", O_RDONLY | O_NOFOLLOW), Errno::Success);
  EXPECT_EQ(error("dirlink_ok//", O_PATH | O_NOFOLLOW), Errno::Success);
  EXPECT_EQ(error("dirlink_up/", O_PATH | O_NOFOLLOW), Errno::Perm);
  EXPECT_EQ(error("dirlink_up/.", O_PATH | O_NOFOLLOW), Errno::Perm);
  EXPECT_EQ(error("link_up/", O_PATH | O_NOFOLLOW), Errno::Perm);
  EXPECT_EQ(error("rootlink/", O_PATH | O_NOFOLLOW), Errno::Perm);
  EXPECT_EQ(error("link_ok/", O_PATH | O_NOFOLLOW), Errno::NotDir);
  EXPECT_EQ(error("dangling/", O_PATH | O_NOFOLLOW), Errno::NoEnt);
  EXPECT_EQ(error("loop1/", O_PATH | O_NOFOLLOW), Errno::Loop);
  // Creation: EISDIR for a trailing slash, before anything is looked at (even an escape).
  EXPECT_EQ(error("new/", O_WRONLY | O_CREAT), Errno::IsDir);
  EXPECT_EQ(error("file/", O_WRONLY | O_CREAT), Errno::IsDir);
  EXPECT_EQ(error("dangling/", O_WRONLY | O_CREAT), Errno::IsDir);
  EXPECT_EQ(error("sub//", O_WRONLY | O_CREAT | O_EXCL), Errno::IsDir);
  EXPECT_EQ(error("dirlink_up/", O_WRONLY | O_CREAT), Errno::IsDir);
  // A path ending at a directory through "." or "..": EISDIR, or EEXIST with O_EXCL.
  EXPECT_EQ(error("sub/.", O_WRONLY | O_CREAT), Errno::IsDir);
  EXPECT_EQ(error("sub/..", O_RDONLY | O_CREAT), Errno::IsDir);
  EXPECT_EQ(error("sub/.", O_RDONLY | O_CREAT | O_EXCL), Errno::Exist);
  EXPECT_EQ(error("sub/", O_WRONLY), Errno::IsDir);
  EXPECT_EQ(error("file/", O_RDONLY | O_TRUNC), Errno::NotDir);
  EXPECT_FALSE(std::filesystem::exists(box_.sandbox() + "/new"));
}

TEST_P(PathResolverTest, MalformedPaths) {
  EXPECT_EQ(error(""), Errno::NoEnt);
  EXPECT_EQ(error(std::string_view("file\0../secret", 14)), Errno::Inval);
  EXPECT_EQ(error("file/"), Errno::NotDir);
  EXPECT_EQ(error("missing/file"), Errno::NoEnt);
}

INSTANTIATE_TEST_SUITE_P(Resolvers, PathResolverTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Walk" : "Openat2"; });

TEST(ResolveParentTest, SplitsAndConfines) {
  WasiSandbox box;
  ParentResult r = resolveParent(box.fd(), "sub/inner");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, "inner");
  EXPECT_FALSE(r.trailingSlash);
  // No name handed to an *at call ends in '/': the kernel would follow "link/" even under
  // AT_SYMLINK_NOFOLLOW. The slash is reported for the caller to apply.
  r = resolveParent(box.fd(), "sub/deeper/");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, "deeper");
  EXPECT_TRUE(r.trailingSlash);
  r = resolveParent(box.fd(), "dirlink_up//");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, "dirlink_up");
  EXPECT_TRUE(r.trailingSlash);
  r = resolveParent(box.fd(), "file");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, "file");
  EXPECT_EQ(resolveParent(box.fd(), "..").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "../secret").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "sub/../..").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "dirlink_up/secret").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "/etc/passwd").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "").error, Errno::NoEnt);
  // A last component "." or ".." is resolved whole, beneath the directory, and comes back as
  // that directory, named ".".
  r = resolveParent(box.fd(), "sub/..");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, ".");
  EXPECT_TRUE(r.dotDot);
  r = resolveParent(box.fd(), "dirlink_ok/.");
  EXPECT_EQ(r.error, Errno::Success);
  EXPECT_EQ(r.name, ".");
  EXPECT_FALSE(r.dotDot);
  EXPECT_EQ(resolveParent(box.fd(), "dirlink_up/.").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "dirlink_up/..").error, Errno::Perm);
  EXPECT_EQ(resolveParent(box.fd(), "file/.").error, Errno::NotDir);
}

TEST(ResolveParentTest, WalkAgreesWithOpenat2) {
  WasiSandbox box;
  for (const char* path : {"sub/..", "dirlink_up/.", "dirlink_up/..", "file/.", "missing/..",
                           "loop1/.", "sub/deeper/../..", "sub//."}) {
    ParentResult viaOpenat2 = resolveParent(box.fd(), path, Resolver::Openat2);
    ParentResult viaWalk = resolveParent(box.fd(), path, Resolver::Walk);
    EXPECT_EQ(viaOpenat2.error, viaWalk.error) << path;
    EXPECT_EQ(viaOpenat2.name, viaWalk.name) << path;
  }
}

}  // namespace
}  // namespace sable::wasi
