// Path resolution confined to a directory: the heart of WASI's capability model. A guest path is
// always resolved relative to a directory fd it holds, and no spelling of it (absolute paths,
// `..`, symlinks to absolute or `..`-climbing targets, chains and loops of them) may reach
// anything outside that directory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "host-wasi/wasi_types.h"

namespace sable::wasi {

// A host fd closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// The outcome of a resolution: a host fd, or the WASI errno the guest gets.
struct OpenResult {
  UniqueFd fd;
  Errno error = Errno::Success;
};

// How a path is resolved beneath its directory. Both give the same answers; the walk exists for
// kernels without openat2 (before Linux 5.6, or a seccomp filter that hides it).
enum class Resolver : uint8_t {
  // openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) when the kernel has it, else the walk.
  Openat2,
  // Always the component-by-component walk (tests run every path case through both).
  Walk,
};

// open(2) of `path` beneath directory `dirFd`: `flags` are open flags (O_NOFOLLOW: do not follow
// a final symlink). Uses openat2(RESOLVE_BENEATH) when the kernel has it; otherwise walks the
// path one component at a time with O_PATH|O_NOFOLLOW, expanding symlinks itself. Escapes
// (absolute paths or symlink targets, `..` above `dirFd`) are EPERM; more than 40 symlinks ELOOP.
OpenResult openBeneath(int dirFd, std::string_view path, int flags, mode_t mode = 0,
                       Resolver resolver = Resolver::Openat2);

// The fallback of openBeneath on its own (no openat2), with the same contract: openBeneath with
// Resolver::Walk.
OpenResult openBeneathByWalk(int dirFd, std::string_view path, int flags, mode_t mode = 0);

// For the *at(2) calls that act on a name in a directory (unlink, mkdir, rename, readlink, ...):
// the directory holding the last component of `path`, opened O_PATH beneath `dirFd`, and that
// component. The parent's own path is resolved with symlinks followed (inside `dirFd` only); the
// last component is left to the caller, which never follows it.
//
// `name` never holds a slash: the kernel follows a symlink named "link/" even under
// AT_SYMLINK_NOFOLLOW (and unconfined), so a trailing slash is taken off and reported in
// `trailingSlash`, for the caller to apply the rule itself: a path ending in '/' names a
// directory, reached by following a final symlink beneath `dirFd` (openBeneath of the whole
// path), and calls that act on the entry itself answer ENOTDIR for anything else. A path whose
// last component is "." or ".." ("a/.", "a/..", "..") is resolved whole, beneath `dirFd`, and
// comes back as that directory with `name` "."; `dotDot` says it was "..".
struct ParentResult {
  UniqueFd parent;
  std::string name;
  bool trailingSlash = false;
  bool dotDot = false;
  Errno error = Errno::Success;
};
ParentResult resolveParent(int dirFd, std::string_view path, Resolver resolver = Resolver::Openat2);

}  // namespace sable::wasi
