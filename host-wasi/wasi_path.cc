// path_* functions: the guest's directory fd and path string read from linear memory, then the
// shared name-based operations (path_ops.h, which says how paths are confined), or, for
// path_open, openBeneath itself.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "host-wasi/path_ops.h"
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

// The host directory fd and path of a path argument pair.
struct DirPath {
  int fd = -1;
  std::string path;
};

// dirAndPath for arguments a[fdArg], a[fdArg + 1] (ptr), a[fdArg + 2] (len).
Errno dirPathArgs(WasiState& s, const Value* a, size_t fdArg, uint64_t required, DirPath& out) {
  FdEntry* dir;
  if (Errno r = dirAndPath(s, u32(a[fdArg]), required, u32(a[fdArg + 1]), u32(a[fdArg + 2]), dir,
                           out.path);
      r != Errno::Success) {
    return r;
  }
  out.fd = dir->hostFd();
  return Errno::Success;
}

}  // namespace

Errno path_create_directory(WasiState& s, const Value* a) {
  DirPath d;
  if (Errno r = dirPathArgs(s, a, 0, rights::kPathCreateDirectory, d); r != Errno::Success) {
    return r;
  }
  return createDirectoryAt(d.fd, d.path, s.resolver);
}

Errno path_filestat_get(WasiState& s, const Value* a) {
  // a: fd, lookupflags, path ptr, path len, result ptr.
  const Value args[] = {a[0], a[2], a[3]};
  DirPath d;
  if (Errno r = dirPathArgs(s, args, 0, rights::kPathFilestatGet, d); r != Errno::Success) {
    return r;
  }
  struct stat st {};
  if (Errno r = statAt(d.fd, d.path, u32(a[1]) & kLookupSymlinkFollow, st, s.resolver);
      r != Errno::Success) {
    return r;
  }
  return storeFilestat(s.guestMemory(), u32(a[4]), st);
}

Errno path_filestat_set_times(WasiState& s, const Value* a) {
  struct timespec times[2];
  if (Errno r = timesFromFst(u64(a[4]), u64(a[5]), u32(a[6]), times); r != Errno::Success) {
    return r;
  }
  const Value args[] = {a[0], a[2], a[3]};
  DirPath d;
  if (Errno r = dirPathArgs(s, args, 0, rights::kPathFilestatSetTimes, d); r != Errno::Success) {
    return r;
  }
  return setTimesAt(d.fd, d.path, u32(a[1]) & kLookupSymlinkFollow, times, s.resolver);
}

Errno path_link(WasiState& s, const Value* a) {
  // a: old fd, old flags, old ptr, old len, new fd, new ptr, new len.
  const Value oldArgs[] = {a[0], a[2], a[3]};
  DirPath from, to;
  if (Errno r = dirPathArgs(s, oldArgs, 0, rights::kPathLinkSource, from); r != Errno::Success) {
    return r;
  }
  if (Errno r = dirPathArgs(s, a, 4, rights::kPathLinkTarget, to); r != Errno::Success) return r;
  return linkAt(from.fd, from.path, u32(a[1]) & kLookupSymlinkFollow, to.fd, to.path, s.resolver);
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
  DirPath d;
  if (Errno r = dirPathArgs(s, a, 0, rights::kPathReadlink, d); r != Errno::Success) return r;
  std::string target;
  if (Errno r = readlinkAt(d.fd, d.path, target, s.resolver); r != Errno::Success) return r;
  if (!out || !mem.inBounds(usedPtr, 4)) return Errno::Fault;
  // Truncated to the buffer, as readlink(2) does.
  size_t copied = std::min(out->size(), target.size());
  std::memcpy(out->data(), target.data(), copied);
  mem.store<uint32_t>(usedPtr, static_cast<uint32_t>(copied));
  return Errno::Success;
}

Errno path_remove_directory(WasiState& s, const Value* a) {
  DirPath d;
  if (Errno r = dirPathArgs(s, a, 0, rights::kPathRemoveDirectory, d); r != Errno::Success) {
    return r;
  }
  return removeDirectoryAt(d.fd, d.path, s.resolver);
}

Errno path_rename(WasiState& s, const Value* a) {
  DirPath from, to;
  if (Errno r = dirPathArgs(s, a, 0, rights::kPathRenameSource, from); r != Errno::Success) {
    return r;
  }
  if (Errno r = dirPathArgs(s, a, 3, rights::kPathRenameTarget, to); r != Errno::Success) return r;
  return renameAt(from.fd, from.path, to.fd, to.path, s.resolver);
}

Errno path_symlink(WasiState& s, const Value* a) {
  auto target = s.guestMemory().string(u32(a[0]), u32(a[1]));
  if (!target) return Errno::Fault;
  DirPath d;
  if (Errno r = dirPathArgs(s, a, 2, rights::kPathSymlink, d); r != Errno::Success) return r;
  return symlinkAt(*target, d.fd, d.path, s.resolver);
}

Errno path_unlink_file(WasiState& s, const Value* a) {
  DirPath d;
  if (Errno r = dirPathArgs(s, a, 0, rights::kPathUnlinkFile, d); r != Errno::Success) return r;
  return unlinkFileAt(d.fd, d.path, s.resolver);
}

}  // namespace sable::wasi
