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

// The fallback: a component-by-component walk. Directories are held as O_PATH fds on a stack,
// so `..` is a pop (and popping the root is an escape) rather than a kernel lookup, and every
// symlink is read with readlinkat and spliced into the remaining components. The final open
// always carries O_NOFOLLOW: a symlink swapped in after we looked fails with ELOOP instead of
// being followed by the kernel.
OpenResult openManually(int dirFd, std::string_view path, int flags, mode_t mode) {
  // O_CREAT|O_EXCL never follows a final symlink (POSIX: it fails with EEXIST).
  const bool follow =
      (flags & O_NOFOLLOW) == 0 && (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
  std::vector<UniqueFd> stack;
  stack.emplace_back(::fcntl(dirFd, F_DUPFD_CLOEXEC, 0));
  if (!stack.back()) return failure(errnoFromHost(errno));

  std::deque<std::string> parts;
  auto pushFront = [&parts](std::string_view p) {
    std::vector<std::string> split;
    size_t start = 0;
    while (start <= p.size()) {
      size_t slash = p.find('/', start);
      if (slash == std::string_view::npos) slash = p.size();
      split.emplace_back(p.substr(start, slash - start));
      start = slash + 1;
    }
    // "a/b/" ends with an empty component: keep it, it makes the last real one a directory.
    for (auto it = split.rbegin(); it != split.rend(); ++it) parts.push_front(*it);
  };
  pushFront(path);

  int symlinks = 0;
  while (!parts.empty()) {
    std::string name = std::move(parts.front());
    parts.pop_front();
    const bool last = parts.empty() || (parts.size() == 1 && parts.front().empty());
    const bool trailingSlash = parts.size() == 1 && parts.front().empty();
    int cur = stack.back().get();
    if (name.empty() || name == ".") {
      if (parts.empty()) break;
      continue;
    }
    if (name == "..") {
      if (stack.size() == 1) return failure(Errno::Perm);
      stack.pop_back();
      if (parts.empty()) break;
      continue;
    }
    if (!last || follow || trailingSlash) {
      char target[4096];
      ssize_t n = ::readlinkat(cur, name.c_str(), target, sizeof target);
      if (n >= 0) {
        if (++symlinks > kMaxSymlinks) return failure(Errno::Loop);
        std::string_view t(target, static_cast<size_t>(n));
        if (t.empty()) return failure(Errno::NoEnt);
        if (t.front() == '/') return failure(Errno::Perm);
        pushFront(t);
        continue;
      }
    }
    if (!last) {
      int fd = ::openat(cur, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return failure(errnoFromHost(errno));
      stack.emplace_back(fd);
      continue;
    }
    std::string finalName = trailingSlash ? name + "/" : name;
    int fd = ::openat(cur, finalName.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) return failure(errnoFromHost(errno));
    return OpenResult{UniqueFd(fd), Errno::Success};
  }
  // The path ended at a directory ("", ".", "..", "a/.."): open it.
  int fd = ::openat(stack.back().get(), ".", (flags & ~(O_CREAT | O_EXCL)) | O_CLOEXEC, mode);
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
  if (path.empty()) {
    r.error = Errno::NoEnt;
    return r;
  }
  if (path.front() == '/') {
    r.error = Errno::Perm;
    return r;
  }
  if (path.find('\0') != std::string_view::npos) {
    r.error = Errno::Inval;
    return r;
  }
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  std::string_view trimmed = path.substr(0, end);
  size_t slash = trimmed.rfind('/');
  std::string_view parentPath =
      slash == std::string_view::npos ? std::string_view(".") : trimmed.substr(0, slash + 1);
  std::string_view last = slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1);
  r.name = std::string(last);
  if (end != path.size()) r.name += '/';

  OpenResult parent = openBeneath(dirFd, parentPath, O_PATH | O_DIRECTORY, 0, resolver);
  if (parent.error != Errno::Success) {
    r.error = parent.error;
    return r;
  }
  if (last == ".." || last == ".") {
    // "x/.." names a directory the *at call would look up from the parent; make sure that
    // directory is still beneath dirFd before letting the caller use the name.
    OpenResult whole = openBeneath(dirFd, path, O_PATH | O_DIRECTORY, 0, resolver);
    if (whole.error != Errno::Success) {
      r.error = whole.error;
      return r;
    }
  }
  r.parent = std::move(parent.fd);
  return r;
}

}  // namespace sable::wasi
