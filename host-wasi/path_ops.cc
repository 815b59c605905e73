// The name-based operations, shared by both WASI hosts (path_ops.h says the rules).
#include "host-wasi/path_ops.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sable::wasi {
namespace {

// "/proc/self/fd/N": how to name an O_PATH fd to calls that take no AT_EMPTY_PATH
// (utimensat). It is the host naming its own fd, not a guest path.
std::string procFdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool endsInSlash(std::string_view path) { return !path.empty() && path.back() == '/'; }

Errno succeeded(int rc) { return rc == 0 ? Errno::Success : lastHostErrno(); }

// For the calls that act on an entry itself (unlink, rename, and the new name of link and
// symlink) and were given "name/": the kernel's answer comes from what `name` is, unfollowed.
// ENOENT (or another lstat error) when it is absent, ENOTDIR when it is not a directory (a
// symlink included), Success for a directory.
Errno directoryEntry(const ParentResult& p) {
  struct stat st {};
  if (::fstatat(p.parent.get(), p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return lastHostErrno();
  }
  return S_ISDIR(st.st_mode) ? Errno::Success : Errno::NotDir;
}

// A new name given with a trailing slash is never created (link, symlink): EEXIST when it
// exists, ENOENT (or the lstat error) when it does not.
Errno newNameWithSlash(const ParentResult& p) {
  struct stat st {};
  if (::fstatat(p.parent.get(), p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return lastHostErrno();
  }
  return Errno::Exist;
}

// A hard link to what `fd` (an O_PATH fd, never a symlink) refers to. linkat's AT_EMPTY_PATH
// needs CAP_DAC_READ_SEARCH on older kernels; /proc/self/fd/N with AT_SYMLINK_FOLLOW does not.
Errno linkFromFd(int fd, const ParentResult& to) {
  if (::linkat(fd, "", to.parent.get(), to.name.c_str(), AT_EMPTY_PATH) == 0) return Errno::Success;
  if (errno != ENOENT) return lastHostErrno();
  return succeeded(::linkat(AT_FDCWD, procFdPath(fd).c_str(), to.parent.get(), to.name.c_str(),
                            AT_SYMLINK_FOLLOW));
}

// Whether the lookup must resolve the whole path (a final symlink followed beneath the
// directory): asked to follow, or "name/", which means the directory `name` leads to.
bool resolvesWhole(std::string_view path, bool follow) { return follow || endsInSlash(path); }

}  // namespace

Errno lastHostErrno() { return errnoFromHost(errno); }

Result<UniqueFd> openPreopenDirectory(const std::string& hostPath) {
  int fd = ::open(hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Error{ErrorKind::Io, Error::kNoOffset,
                 "cannot open directory '" + hostPath + "': " + std::strerror(errno)};
  }
  return UniqueFd(fd);
}

Errno createDirectoryAt(int dirFd, std::string_view path, Resolver resolver) {
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  // mkdir(2) treats "name/" as "name": a directory is what it makes anyway.
  return succeeded(::mkdirat(p.parent.get(), p.name.c_str(), 0777));
}

Errno statAt(int dirFd, std::string_view path, bool follow, struct stat& out, Resolver resolver) {
  if (resolvesWhole(path, follow)) {
    OpenResult o = openBeneath(dirFd, path, O_PATH, 0, resolver);
    if (o.error != Errno::Success) return o.error;
    return succeeded(::fstat(o.fd.get(), &out));
  }
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  return succeeded(::fstatat(p.parent.get(), p.name.c_str(), &out, AT_SYMLINK_NOFOLLOW));
}

Errno setTimesAt(int dirFd, std::string_view path, bool follow, const struct timespec times[2],
                 Resolver resolver) {
  if (resolvesWhole(path, follow)) {
    OpenResult o = openBeneath(dirFd, path, O_PATH, 0, resolver);
    if (o.error != Errno::Success) return o.error;
    return succeeded(::utimensat(AT_FDCWD, procFdPath(o.fd.get()).c_str(), times, 0));
  }
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  return succeeded(::utimensat(p.parent.get(), p.name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

Errno linkAt(int oldDirFd, std::string_view oldPath, bool follow, int newDirFd,
             std::string_view newPath, Resolver resolver) {
  if (resolvesWhole(oldPath, follow)) {
    // Resolved beneath the directory first, so following the source cannot leave it. (A source
    // named "dir/" is a directory, which the kernel then refuses to link.)
    OpenResult o = openBeneath(oldDirFd, oldPath, O_PATH, 0, resolver);
    if (o.error != Errno::Success) return o.error;
    ParentResult to = resolveParent(newDirFd, newPath, resolver);
    if (to.error != Errno::Success) return to.error;
    if (to.trailingSlash) return newNameWithSlash(to);
    return linkFromFd(o.fd.get(), to);
  }
  ParentResult from = resolveParent(oldDirFd, oldPath, resolver);
  if (from.error != Errno::Success) return from.error;
  ParentResult to = resolveParent(newDirFd, newPath, resolver);
  if (to.error != Errno::Success) return to.error;
  if (to.trailingSlash) {
    // The kernel looks the source up before the new name.
    struct stat st {};
    if (::fstatat(from.parent.get(), from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return lastHostErrno();
    }
    return newNameWithSlash(to);
  }
  return succeeded(
      ::linkat(from.parent.get(), from.name.c_str(), to.parent.get(), to.name.c_str(), 0));
}

Errno readlinkAt(int dirFd, std::string_view path, std::string& target, Resolver resolver) {
  if (endsInSlash(path)) {
    // "name/" is the directory name leads to, and a directory is no symlink.
    OpenResult o = openBeneath(dirFd, path, O_PATH, 0, resolver);
    return o.error != Errno::Success ? o.error : Errno::Inval;
  }
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  char buffer[4096];
  ssize_t n = ::readlinkat(p.parent.get(), p.name.c_str(), buffer, sizeof buffer);
  if (n < 0) return lastHostErrno();
  target.assign(buffer, static_cast<size_t>(n));
  return Errno::Success;
}

Errno removeDirectoryAt(int dirFd, std::string_view path, Resolver resolver) {
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  // rmdir(2) of "a/..": never empty (it holds a). "name/" is "name": rmdir does not follow.
  if (p.dotDot) return Errno::NotEmpty;
  return succeeded(::unlinkat(p.parent.get(), p.name.c_str(), AT_REMOVEDIR));
}

Errno renameAt(int oldDirFd, std::string_view oldPath, int newDirFd, std::string_view newPath,
               Resolver resolver) {
  ParentResult from = resolveParent(oldDirFd, oldPath, resolver);
  if (from.error != Errno::Success) return from.error;
  ParentResult to = resolveParent(newDirFd, newPath, resolver);
  if (to.error != Errno::Success) return to.error;
  // A trailing slash on either name is allowed only when a directory is moved.
  if (from.trailingSlash || to.trailingSlash) {
    if (Errno r = directoryEntry(from); r != Errno::Success) return r;
  }
  return succeeded(
      ::renameat(from.parent.get(), from.name.c_str(), to.parent.get(), to.name.c_str()));
}

Errno symlinkAt(std::string_view target, int dirFd, std::string_view path, Resolver resolver) {
  if (target.find('\0') != std::string_view::npos) return Errno::Inval;
  if (!target.empty() && target.front() == '/') return Errno::Perm;
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  if (p.trailingSlash) return newNameWithSlash(p);
  // The target is stored, not resolved: whatever it says, following it later goes through the
  // resolver, which keeps it beneath the directory.
  std::string t(target);
  return succeeded(::symlinkat(t.c_str(), p.parent.get(), p.name.c_str()));
}

Errno unlinkFileAt(int dirFd, std::string_view path, Resolver resolver) {
  ParentResult p = resolveParent(dirFd, path, resolver);
  if (p.error != Errno::Success) return p.error;
  if (p.trailingSlash) {
    // "name/" is never unlinked: a directory is EISDIR (as unlink says of any directory),
    // anything else ENOTDIR.
    Errno r = directoryEntry(p);
    return r == Errno::Success ? Errno::IsDir : r;
  }
  return succeeded(::unlinkat(p.parent.get(), p.name.c_str(), 0));
}

}  // namespace sable::wasi
