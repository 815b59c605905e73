#include "host-wasi/path_resolver.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

namespace sable::wasi {

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

namespace {

// Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS).
constexpr int kMaxSymlinks = 40;

OpenResult failure(Errno e) { return OpenResult{UniqueFd(), e}; }

// EXDEV is how RESOLVE_BENEATH reports an escape; the guest sees EPERM, as in wasmtime.
Errno escapeAware(int hostErrno) {
  return hostErrno == EXDEV ? Errno::Perm : errnoFromHost(hostErrno);
}

// Returns -1 with errno ENOSYS when the kernel has no openat2 (before Linux 5.6) or a seccomp
// filter hides it; the caller then resolves by hand.
int tryOpenat2(int dirFd, const std::string& path, int flags, mode_t mode) {
#ifdef SYS_openat2
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC;
  // openat2 rejects a mode without O_CREAT or O_TMPFILE (which shares bits with O_DIRECTORY).
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, dirFd, path.c_str(), &how, sizeof how));
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  return fd;
#else
  (void)dirFd, (void)path, (void)flags, (void)mode;
  errno = ENOSYS;
  return -1;
#endif
}

// Splits `p` at its slashes and puts the names in front of `parts`. Empty names ("a//b") are
// dropped, but a path that ends in '/' leaves one empty name at its end: the mark that the
// name before it must be a directory and is followed if it is a symlink (the kernel's rule for
// a trailing slash, whatever the O_NOFOLLOW).
void pushFront(std::deque<std::string>& parts, std::string_view p) {
  std::vector<std::string_view> split;
  size_t start = 0;
  while (start < p.size()) {
    size_t slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    if (slash > start) split.push_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  const bool markAlreadyThere = !parts.empty() && parts.front().empty();
  if (!p.empty() && p.back() == '/' && !markAlreadyThere) split.emplace_back();
  for (auto it = split.rbegin(); it != split.rend(); ++it) parts.emplace_front(*it);
}

// The fallback: a component-by-component walk. Directories are held as O_PATH fds on a stack,
// so `..` is a pop (and popping the root is an escape) rather than a kernel lookup, and every
// symlink is read with readlinkat and spliced into the remaining components. No name handed to
// the kernel has a slash in it, and the final open always carries O_NOFOLLOW (and O_DIRECTORY
// when the path ended in '/'): a symlink swapped in after we looked fails with ELOOP or ENOTDIR
// instead of being followed by the kernel.
OpenResult openManually(int dirFd, std::string_view path, int flags, mode_t mode) {
  // O_CREAT|O_EXCL never follows a final symlink (POSIX: it fails with EEXIST).
  const bool follow =
      (flags & O_NOFOLLOW) == 0 && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
  std::vector<UniqueFd> stack;
  stack.emplace_back(::fcntl(dirFd, F_DUPFD_CLOEXEC, 0));
  if (!stack.back()) return failure(errnoFromHost(errno));

  std::deque<std::string> parts;
  pushFront(parts, path);
  int symlinks = 0;
  while (!parts.empty()) {
    std::string name = std::move(parts.front());
    parts.pop_front();
    int cur = stack.back().get();
    if (name.empty() || name == ".") continue;
    if (name == "..") {
      if (stack.size() == 1) return failure(Errno::Perm);
      stack.pop_back();
      continue;
    }
    const bool mustBeDirectory = parts.size() == 1 && parts.front().empty();
    const bool last = parts.empty() || mustBeDirectory;
    // open(2) refuses to create a name given with a trailing slash, before looking at it.
    if (mustBeDirectory && (flags & O_CREAT)) return failure(Errno::IsDir);
    if (!last || follow || mustBeDirectory) {
      char target[4096];
      ssize_t n = ::readlinkat(cur, name.c_str(), target, sizeof target);
      if (n >= 0) {
        if (++symlinks > kMaxSymlinks) return failure(Errno::Loop);
        std::string_view t(target, static_cast<size_t>(n));
        if (t.empty()) return failure(Errno::NoEnt);
        if (t.front() == '/') return failure(Errno::Perm);
        pushFront(parts, t);
        continue;
      }
    }
    if (!last) {
      int fd = ::openat(cur, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return failure(errnoFromHost(errno));
      stack.emplace_back(fd);
      continue;
    }
    const int directory = mustBeDirectory ? O_DIRECTORY : 0;
    int fd = ::openat(cur, name.c_str(), flags | directory | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) return failure(errnoFromHost(errno));
    return OpenResult{UniqueFd(fd), Errno::Success};
  }
  // The path ended at a directory ("", ".", "..", "a/..", "a/."), which open(2) never creates.
  if (flags & O_CREAT) return failure((flags & O_EXCL) ? Errno::Exist : Errno::IsDir);
  int fd = ::openat(stack.back().get(), ".", flags | O_CLOEXEC, mode);
  if (fd < 0) return failure(errnoFromHost(errno));
  return OpenResult{UniqueFd(fd), Errno::Success};
}

}  // namespace

namespace {

// The checks both resolvers start with.
Errno precheck(std::string_view path) {
  if (path.empty()) return Errno::NoEnt;
  if (path.front() == '/') return Errno::Perm;
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  return Errno::Success;
}

}  // namespace

OpenResult openBeneathByWalk(int dirFd, std::string_view path, int flags, mode_t mode) {
  return openBeneath(dirFd, path, flags, mode, Resolver::Walk);
}

OpenResult openBeneath(int dirFd, std::string_view path, int flags, mode_t mode,
                       Resolver resolver) {
  if (Errno e = precheck(path); e != Errno::Success) return failure(e);
  if (resolver == Resolver::Walk) return openManually(dirFd, path, flags, mode);
  std::string p(path);
  int fd = tryOpenat2(dirFd, p, flags, mode);
  if (fd >= 0) return OpenResult{UniqueFd(fd), Errno::Success};
  if (errno != ENOSYS && errno != EPERM) return failure(escapeAware(errno));
  // EPERM from openat2 may be a seccomp filter refusing the syscall as much as a real EPERM;
  // the manual walk gives the real answer either way.
  return openManually(dirFd, path, flags, mode);
}

ParentResult resolveParent(int dirFd, std::string_view path, Resolver resolver) {
  ParentResult r;
  if (Errno e = precheck(path); e != Errno::Success) {
    r.error = e;
    return r;
  }
  // Not empty once the trailing slashes are gone: precheck refused a leading one.
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  std::string_view trimmed = path.substr(0, end);
  size_t slash = trimmed.rfind('/');
  std::string_view last = slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1);
  if (last == "." || last == "..") {
    // The path names a directory through "." or "..": resolve all of it beneath dirFd and hand
    // the caller that directory as "." (the kernel gives the same answers for "." as for ".."
    // everywhere but rmdir, hence dotDot), so no lookup of ".." is left to the kernel.
    OpenResult whole = openBeneath(dirFd, path, O_PATH | O_DIRECTORY, 0, resolver);
    if (whole.error != Errno::Success) {
      r.error = whole.error;
      return r;
    }
    r.parent = std::move(whole.fd);
    r.name.push_back('.');  // not `= "."`: GCC 12 warns falsely on that (-Wrestrict, bug 105651)
    r.dotDot = last == "..";
    return r;
  }
  std::string_view parentPath =
      slash == std::string_view::npos ? std::string_view(".") : trimmed.substr(0, slash + 1);
  OpenResult parent = openBeneath(dirFd, parentPath, O_PATH | O_DIRECTORY, 0, resolver);
  if (parent.error != Errno::Success) {
    r.error = parent.error;
    return r;
  }
  r.parent = std::move(parent.fd);
  r.name = std::string(last);
  r.trailingSlash = end != path.size();
  return r;
}

}  // namespace sable::wasi
