// path_* functions. Every path is resolved beneath the directory fd it is relative to, through
// path_resolver (openBeneath / resolveParent); the final *at(2) call never follows a symlink
// unless the path was fully resolved beneath the directory first, and never gets a name ending
// in '/' (the kernel follows "link/" even under AT_SYMLINK_NOFOLLOW): a path with a trailing
// slash either is resolved whole beneath the directory (stat, times, readlink, link source) or
// is answered from the type of the bare name (unlink, rename, link and symlink targets).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "host-wasi/path_resolver.h"
#include "host-wasi/wasi_functions.h"

namespace sable::wasi {
namespace {

// The directory entry for `fd` (EBADF, ENOTDIR, ENOTCAPABLE) and the guest's path string
// (EFAULT when it is not inside linear memory).
Errno dirAndPath(WasiState& s, uint32_t fd, uint64_t required, uint32_t ptr, uint32_t len,
                 FdEntry*& dir, std::string& path) {
  if (Errno r = lookupFd(s, fd, 0, dir); r != Errno::Success) return r;
  if (!dir->isDirectory()) return Errno::NotDir;
  if ((dir->rightsBase & required) != required) return Errno::NotCapable;
  auto text = s.guestMemory().string(ptr, len);
  if (!text) return Errno::Fault;
  path.assign(*text);
  return Errno::Success;
}

// A path with its parent resolved: the common start of the name-based calls.
Errno parentOf(WasiState& s, uint32_t fd, uint64_t required, uint32_t ptr, uint32_t len,
               ParentResult& out) {
  FdEntry* dir;
  std::string path;
  if (Errno r = dirAndPath(s, fd, required, ptr, len, dir, path); r != Errno::Success) return r;
  out = resolveParent(dir->hostFd(), path, s.resolver);
  return out.error;
}

// "/proc/self/fd/N": how to name an O_PATH fd to calls that take no AT_EMPTY_PATH
// (utimensat). It is the host naming its own fd, not a guest path.
std::string procFdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool endsInSlash(std::string_view path) { return !path.empty() && path.back() == '/'; }

// `path` resolved whole beneath its directory, a final symlink followed: what a lookup of
// "name/" means, and the only way the host looks one up.
Errno resolveWhole(WasiState& s, uint32_t fd, uint64_t required, uint32_t ptr, uint32_t len,
                   OpenResult& out) {
  FdEntry* dir;
  std::string path;
  if (Errno r = dirAndPath(s, fd, required, ptr, len, dir, path); r != Errno::Success) return r;
  out = openBeneath(dir->hostFd(), path, O_PATH, 0, s.resolver);
  return out.error;
}

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
  return ::linkat(AT_FDCWD, procFdPath(fd).c_str(), to.parent.get(), to.name.c_str(),
                  AT_SYMLINK_FOLLOW) == 0
             ? Errno::Success
             : lastHostErrno();
}

}  // namespace

Errno path_create_directory(WasiState& s, const Value* a) {
  ParentResult p;
  if (Errno r = parentOf(s, u32(a[0]), rights::kPathCreateDirectory, u32(a[1]), u32(a[2]), p);
      r != Errno::Success) {
    return r;
  }
  // mkdir(2) treats "name/" as "name": a directory is what it makes anyway.
  return ::mkdirat(p.parent.get(), p.name.c_str(), 0777) == 0 ? Errno::Success : lastHostErrno();
}

Errno path_filestat_get(WasiState& s, const Value* a) {
  uint32_t fd = u32(a[0]), flags = u32(a[1]);
  struct stat st {};
  auto path = s.guestMemory().string(u32(a[2]), u32(a[3]));
  if ((flags & kLookupSymlinkFollow) || (path && endsInSlash(*path))) {
    OpenResult o;
    if (Errno r = resolveWhole(s, fd, rights::kPathFilestatGet, u32(a[2]), u32(a[3]), o);
        r != Errno::Success) {
      return r;
    }
    if (::fstat(o.fd.get(), &st) != 0) return lastHostErrno();
  } else {
    ParentResult p;
    if (Errno r = parentOf(s, fd, rights::kPathFilestatGet, u32(a[2]), u32(a[3]), p);
        r != Errno::Success) {
      return r;
    }
    if (::fstatat(p.parent.get(), p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return lastHostErrno();
    }
  }
  return storeFilestat(s.guestMemory(), u32(a[4]), st);
}

Errno path_filestat_set_times(WasiState& s, const Value* a) {
  uint32_t fd = u32(a[0]), flags = u32(a[1]);
  struct timespec times[2];
  if (Errno r = timesFromFst(u64(a[4]), u64(a[5]), u32(a[6]), times); r != Errno::Success) {
    return r;
  }
  auto path = s.guestMemory().string(u32(a[2]), u32(a[3]));
  if ((flags & kLookupSymlinkFollow) || (path && endsInSlash(*path))) {
    OpenResult o;
    if (Errno r = resolveWhole(s, fd, rights::kPathFilestatSetTimes, u32(a[2]), u32(a[3]), o);
        r != Errno::Success) {
      return r;
    }
    return ::utimensat(AT_FDCWD, procFdPath(o.fd.get()).c_str(), times, 0) == 0 ? Errno::Success
                                                                                : lastHostErrno();
  }
  ParentResult p;
  if (Errno r = parentOf(s, fd, rights::kPathFilestatSetTimes, u32(a[2]), u32(a[3]), p);
      r != Errno::Success) {
    return r;
  }
  return ::utimensat(p.parent.get(), p.name.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0
             ? Errno::Success
             : lastHostErrno();
}

Errno path_link(WasiState& s, const Value* a) {
  uint32_t oldFd = u32(a[0]), oldFlags = u32(a[1]);
  auto oldPath = s.guestMemory().string(u32(a[2]), u32(a[3]));
  if ((oldFlags & kLookupSymlinkFollow) || (oldPath && endsInSlash(*oldPath))) {
    // Resolved beneath the directory first, so following the source cannot leave it. (A source
    // named "dir/" is a directory, which the kernel then refuses to link.)
    OpenResult o;
    if (Errno r = resolveWhole(s, oldFd, rights::kPathLinkSource, u32(a[2]), u32(a[3]), o);
        r != Errno::Success) {
      return r;
    }
    ParentResult to;
    if (Errno r = parentOf(s, u32(a[4]), rights::kPathLinkTarget, u32(a[5]), u32(a[6]), to);
        r != Errno::Success) {
      return r;
    }
    if (to.trailingSlash) return newNameWithSlash(to);
    return linkFromFd(o.fd.get(), to);
  }
  ParentResult from, to;
  if (Errno r = parentOf(s, oldFd, rights::kPathLinkSource, u32(a[2]), u32(a[3]), from);
      r != Errno::Success) {
    return r;
  }
  if (Errno r = parentOf(s, u32(a[4]), rights::kPathLinkTarget, u32(a[5]), u32(a[6]), to);
      r != Errno::Success) {
    return r;
  }
  if (to.trailingSlash) {
    // The kernel looks the source up before the new name.
    struct stat st {};
    if (::fstatat(from.parent.get(), from.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return lastHostErrno();
    }
    return newNameWithSlash(to);
  }
  return ::linkat(from.parent.get(), from.name.c_str(), to.parent.get(), to.name.c_str(), 0) == 0
             ? Errno::Success
             : lastHostErrno();
}

Errno path_open(WasiState& s, const Value* a) {
  uint32_t dirFd = u32(a[0]), dirflags = u32(a[1]), oflags = u32(a[4]), fdflags = u32(a[7]);
  uint64_t base = u64(a[5]), inheriting = u64(a[6]);
  uint32_t resultPtr = u32(a[8]);
  uint64_t required = rights::kPathOpen;
  if (oflags & kOflagCreat) required |= rights::kPathCreateFile;
  if (oflags & kOflagTrunc) required |= rights::kPathFilestatSetSize;
  FdEntry* dir;
  std::string path;
  if (Errno r = dirAndPath(s, dirFd, required, u32(a[2]), u32(a[3]), dir, path);
      r != Errno::Success) {
    return r;
  }
  // A directory hands on at most the rights it may pass to what is opened through it.
  if ((base & ~dir->rightsInheriting) || (inheriting & ~dir->rightsInheriting)) {
    return Errno::NotCapable;
  }
  GuestMemory mem = s.guestMemory();
  if (!mem.inBounds(resultPtr, 4)) return Errno::Fault;
  if (oflags & ~uint32_t{kOflagCreat | kOflagDirectory | kOflagExcl | kOflagTrunc}) {
    return Errno::Inval;
  }

  int flags = 0;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (!(dirflags & kLookupSymlinkFollow)) flags |= O_NOFOLLOW;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & (kFdflagSync | kFdflagRsync)) flags |= O_SYNC;
  // The access mode follows the rights asked for: WASI has no O_RDONLY/O_WRONLY of its own.
  bool write = (base & (rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize)) ||
               (oflags & kOflagTrunc);
  bool read = base & (rights::kFdRead | rights::kFdReaddir);
  // A directory cannot be opened for writing (what open(2) says for O_DIRECTORY|O_RDWR too).
  if ((oflags & kOflagDirectory) && write) return Errno::IsDir;
  int access = (oflags & kOflagDirectory) ? O_RDONLY
               : write                    ? (read ? O_RDWR : O_WRONLY)
                                          : O_RDONLY;
  OpenResult o = openBeneath(dir->hostFd(), path, flags | access, 0666, s.resolver);
  if (o.error == Errno::IsDir && access != O_RDONLY && !(oflags & (kOflagCreat | kOflagTrunc))) {
    // A directory asked for with file rights (e.g. every right, as Rust's std does): open it
    // for reading; the write rights are useless on it but harmless.
    o = openBeneath(dir->hostFd(), path, flags | O_RDONLY, 0666, s.resolver);
  }
  if (o.error != Errno::Success) return o.error;
  struct stat st {};
  if (::fstat(o.fd.get(), &st) != 0) return lastHostErrno();
  FileType type = fileTypeFromMode(st.st_mode);
  if (type == FileType::Directory) base &= rights::kDirectoryBase;
  FdEntry entry(o.fd.release(), /*owned=*/true, type, base, inheriting);
  uint32_t fd = s.fds.insert(std::move(entry));
  mem.store<uint32_t>(resultPtr, fd);
  return Errno::Success;
}

Errno path_readlink(WasiState& s, const Value* a) {
  GuestMemory mem = s.guestMemory();
  auto out = mem.bytes(u32(a[3]), u32(a[4]));
  uint32_t usedPtr = u32(a[5]);
  auto path = mem.string(u32(a[1]), u32(a[2]));
  if (path && endsInSlash(*path)) {
    // "name/" is the directory name leads to, and a directory is no symlink.
    OpenResult o;
    if (Errno r = resolveWhole(s, u32(a[0]), rights::kPathReadlink, u32(a[1]), u32(a[2]), o);
        r != Errno::Success) {
      return r;
    }
    return Errno::Inval;
  }
  ParentResult p;
  if (Errno r = parentOf(s, u32(a[0]), rights::kPathReadlink, u32(a[1]), u32(a[2]), p);
      r != Errno::Success) {
    return r;
  }
  if (!out || !mem.inBounds(usedPtr, 4)) return Errno::Fault;
  char target[4096];
  ssize_t n = ::readlinkat(p.parent.get(), p.name.c_str(), target, sizeof target);
  if (n < 0) return lastHostErrno();
  // Truncated to the buffer, as readlink(2) does.
  size_t copied = std::min(out->size(), static_cast<size_t>(n));
  std::memcpy(out->data(), target, copied);
  mem.store<uint32_t>(usedPtr, static_cast<uint32_t>(copied));
  return Errno::Success;
}

Errno path_remove_directory(WasiState& s, const Value* a) {
  ParentResult p;
  if (Errno r = parentOf(s, u32(a[0]), rights::kPathRemoveDirectory, u32(a[1]), u32(a[2]), p);
      r != Errno::Success) {
    return r;
  }
  // rmdir(2) of "a/..": never empty (it holds a). "name/" is "name": rmdir does not follow.
  if (p.dotDot) return Errno::NotEmpty;
  return ::unlinkat(p.parent.get(), p.name.c_str(), AT_REMOVEDIR) == 0 ? Errno::Success
                                                                       : lastHostErrno();
}

Errno path_rename(WasiState& s, const Value* a) {
  ParentResult from, to;
  if (Errno r = parentOf(s, u32(a[0]), rights::kPathRenameSource, u32(a[1]), u32(a[2]), from);
      r != Errno::Success) {
    return r;
  }
  if (Errno r = parentOf(s, u32(a[3]), rights::kPathRenameTarget, u32(a[4]), u32(a[5]), to);
      r != Errno::Success) {
    return r;
  }
  // A trailing slash on either name is allowed only when a directory is moved.
  if (from.trailingSlash || to.trailingSlash) {
    if (Errno r = directoryEntry(from); r != Errno::Success) return r;
  }
  return ::renameat(from.parent.get(), from.name.c_str(), to.parent.get(), to.name.c_str()) == 0
             ? Errno::Success
             : lastHostErrno();
}

Errno path_symlink(WasiState& s, const Value* a) {
  auto target = s.guestMemory().string(u32(a[0]), u32(a[1]));
  if (!target) return Errno::Fault;
  if (target->find('\0') != std::string_view::npos) return Errno::Inval;
  // An absolute target could never be followed (resolution stays beneath the directory), and
  // would leak host layout to whoever reads the link: refuse it, as wasmtime does.
  if (!target->empty() && target->front() == '/') return Errno::Perm;
  ParentResult p;
  if (Errno r = parentOf(s, u32(a[2]), rights::kPathSymlink, u32(a[3]), u32(a[4]), p);
      r != Errno::Success) {
    return r;
  }
  if (p.trailingSlash) return newNameWithSlash(p);
  // The target is stored, not resolved: whatever it says, following it later goes through the
  // resolver, which keeps it beneath the directory.
  std::string t(*target);
  return ::symlinkat(t.c_str(), p.parent.get(), p.name.c_str()) == 0 ? Errno::Success
                                                                     : lastHostErrno();
}

Errno path_unlink_file(WasiState& s, const Value* a) {
  ParentResult p;
  if (Errno r = parentOf(s, u32(a[0]), rights::kPathUnlinkFile, u32(a[1]), u32(a[2]), p);
      r != Errno::Success) {
    return r;
  }
  if (p.trailingSlash) {
    // "name/" is never unlinked: a directory is EISDIR (as unlink says of any directory),
    // anything else ENOTDIR.
    Errno r = directoryEntry(p);
    return r == Errno::Success ? Errno::IsDir : r;
  }
  return ::unlinkat(p.parent.get(), p.name.c_str(), 0) == 0 ? Errno::Success : lastHostErrno();
}

}  // namespace sable::wasi
