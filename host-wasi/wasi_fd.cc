// fd_* functions: I/O, seeking, metadata and the fd table itself.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "host-wasi/path_resolver.h"
#include "host-wasi/wasi_functions.h"

namespace sable::wasi {

Errno lookupFd(WasiState& s, uint32_t fd, uint64_t required, FdEntry*& out) {
  out = s.fds.get(fd);
  if (out == nullptr || out->hostFd() < 0) return Errno::Badf;
  if ((out->rightsBase & required) != required) return Errno::NotCapable;
  return Errno::Success;
}

Errno gatherIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count, std::vector<iovec>& out) {
  if (!mem.inBounds(ptr, uint64_t{count} * kSizeofIovec)) return Errno::Fault;
  if (count > IOV_MAX) return Errno::Inval;
  out.clear();
  out.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = 0, len = 0;
    mem.load(ptr + i * kSizeofIovec, buf);
    mem.load(ptr + i * kSizeofIovec + 4, len);
    auto bytes = mem.bytes(buf, len);
    if (!bytes) return Errno::Fault;
    out.push_back(iovec{bytes->data(), len});
  }
  return Errno::Success;
}

namespace {

uint64_t nanos(const struct timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st) {
  if (!mem.inBounds(ptr, kSizeofFilestat)) return Errno::Fault;
  auto b = *mem.bytes(ptr, kSizeofFilestat);
  std::memset(b.data(), 0, b.size());
  mem.store<uint64_t>(ptr + 0, st.st_dev);
  mem.store<uint64_t>(ptr + 8, st.st_ino);
  mem.store<uint8_t>(ptr + 16, static_cast<uint8_t>(fileTypeFromMode(st.st_mode)));
  mem.store<uint64_t>(ptr + 24, st.st_nlink);
  mem.store<uint64_t>(ptr + 32, static_cast<uint64_t>(st.st_size));
  mem.store<uint64_t>(ptr + 40, nanos(st.st_atim));
  mem.store<uint64_t>(ptr + 48, nanos(st.st_mtim));
  mem.store<uint64_t>(ptr + 56, nanos(st.st_ctim));
  return Errno::Success;
}

Errno timesFromFst(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec times[2]) {
  if (fst & ~uint32_t{kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow}) return Errno::Inval;
  if ((fst & kFstAtim) && (fst & kFstAtimNow)) return Errno::Inval;
  if ((fst & kFstMtim) && (fst & kFstMtimNow)) return Errno::Inval;
  auto one = [](uint64_t t, bool set, bool now, struct timespec& out) {
    if (now) {
      out = {0, UTIME_NOW};
    } else if (set) {
      out = {static_cast<time_t>(t / 1000000000ull), static_cast<long>(t % 1000000000ull)};
    } else {
      out = {0, UTIME_OMIT};
    }
  };
  one(atim, fst & kFstAtim, fst & kFstAtimNow, times[0]);
  one(mtim, fst & kFstMtim, fst & kFstMtimNow, times[1]);
  return Errno::Success;
}

namespace {

// Every fd function that is about file contents rejects directories with EBADF, as wasmtime does:
// a directory fd is not a readable, writable or seekable stream in WASI. That is checked before
// the rights, which directories never hold for these operations.
Errno lookupFile(WasiState& s, uint32_t fd, uint64_t required, FdEntry*& out) {
  if (Errno r = lookupFd(s, fd, 0, out); r != Errno::Success) return r;
  if (out->isDirectory()) return Errno::Badf;
  return (out->rightsBase & required) == required ? Errno::Success : Errno::NotCapable;
}

}  // namespace

Errno fd_advise(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), rights::kFdAdvise, e); r != Errno::Success) return r;
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  uint32_t advice = u32(a[3]);
  if (advice >= 6) return Errno::Inval;
  int r = ::posix_fadvise(e->hostFd(), static_cast<off_t>(u64(a[1])), static_cast<off_t>(u64(a[2])),
                          kAdvice[advice]);
  return errnoFromHost(r);
}

Errno fd_allocate(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), rights::kFdAllocate, e); r != Errno::Success) return r;
  int64_t off = static_cast<int64_t>(u64(a[1])), len = static_cast<int64_t>(u64(a[2]));
  if (off < 0 || len < 0) return Errno::Inval;
  if (len == 0) return Errno::Success;
  return errnoFromHost(::posix_fallocate(e->hostFd(), off, len));
}

Errno fd_close(WasiState& s, const Value* a) {
  return s.fds.remove(u32(a[0])) ? Errno::Success : Errno::Badf;
}

Errno fd_datasync(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), rights::kFdDatasync, e); r != Errno::Success) return r;
  return ::fdatasync(e->hostFd()) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_sync(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), rights::kFdSync, e); r != Errno::Success) return r;
  return ::fsync(e->hostFd()) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_fdstat_get(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), 0, e); r != Errno::Success) return r;
  GuestMemory mem = s.guestMemory();
  uint32_t ptr = u32(a[1]);
  if (!mem.inBounds(ptr, kSizeofFdstat)) return Errno::Fault;
  int fl = ::fcntl(e->hostFd(), F_GETFL);
  if (fl < 0) return lastHostErrno();
  uint16_t flags = 0;
  if (fl & O_APPEND) flags |= kFdflagAppend;
  if (fl & O_NONBLOCK) flags |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC) {
    flags |= kFdflagSync | kFdflagRsync;  // Linux's O_RSYNC is O_SYNC
  } else if (fl & O_DSYNC) {
    flags |= kFdflagDsync;
  }
  std::memset(mem.bytes(ptr, kSizeofFdstat)->data(), 0, kSizeofFdstat);
  mem.store<uint8_t>(ptr, static_cast<uint8_t>(e->type()));
  mem.store<uint16_t>(ptr + 2, flags);
  mem.store<uint64_t>(ptr + 8, e->rightsBase);
  mem.store<uint64_t>(ptr + 16, e->rightsInheriting);
  return Errno::Success;
}

Errno fd_fdstat_set_flags(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), rights::kFdFdstatSetFlags, e); r != Errno::Success) {
    return r;
  }
  uint32_t flags = u32(a[1]);
  // Linux cannot change O_SYNC/O_DSYNC on an open fd (F_SETFL ignores them): say so rather than
  // pretend.
  if (flags & ~uint32_t{kFdflagAppend | kFdflagNonblock}) return Errno::NotSup;
  int fl = ::fcntl(e->hostFd(), F_GETFL);
  if (fl < 0) return lastHostErrno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  return ::fcntl(e->hostFd(), F_SETFL, fl) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_fdstat_set_rights(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), 0, e); r != Errno::Success) return r;
  uint64_t base = u64(a[1]), inheriting = u64(a[2]);
  // Rights can only be dropped, never gained.
  if ((base & ~e->rightsBase) || (inheriting & ~e->rightsInheriting)) return Errno::NotCapable;
  e->rightsBase = base;
  e->rightsInheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), rights::kFdFilestatGet, e); r != Errno::Success) return r;
  struct stat st {};
  if (::fstat(e->hostFd(), &st) != 0) return lastHostErrno();
  return storeFilestat(s.guestMemory(), u32(a[1]), st);
}

Errno fd_filestat_set_size(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), rights::kFdFilestatSetSize, e); r != Errno::Success) {
    return r;
  }
  int64_t size = static_cast<int64_t>(u64(a[1]));
  if (size < 0) return Errno::Inval;
  return ::ftruncate(e->hostFd(), size) == 0 ? Errno::Success : lastHostErrno();
}

Errno fd_filestat_set_times(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), rights::kFdFilestatSetTimes, e); r != Errno::Success) {
    return r;
  }
  struct timespec times[2];
  if (Errno r = timesFromFst(u64(a[1]), u64(a[2]), u32(a[3]), times); r != Errno::Success) {
    return r;
  }
  return ::futimens(e->hostFd(), times) == 0 ? Errno::Success : lastHostErrno();
}

namespace {

// fd_read/fd_pread/fd_write/fd_pwrite share everything but the syscall.
template <typename Io>
Errno transfer(WasiState& s, const Value* a, uint64_t right, uint32_t resultArg, Io io) {
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), right, e); r != Errno::Success) return r;
  GuestMemory mem = s.guestMemory();
  std::vector<iovec> iov;
  if (Errno r = gatherIovecs(mem, u32(a[1]), u32(a[2]), iov); r != Errno::Success) return r;
  uint32_t resultPtr = u32(a[resultArg]);
  if (!mem.inBounds(resultPtr, 4)) return Errno::Fault;
  ssize_t n;
  do {
    n = io(e->hostFd(), iov);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostErrno();
  mem.store<uint32_t>(resultPtr, static_cast<uint32_t>(n));
  return Errno::Success;
}

}  // namespace

Errno fd_read(WasiState& s, const Value* a) {
  return transfer(s, a, rights::kFdRead, 3, [](int fd, std::vector<iovec>& iov) {
    return ::readv(fd, iov.data(), static_cast<int>(iov.size()));
  });
}

Errno fd_write(WasiState& s, const Value* a) {
  return transfer(s, a, rights::kFdWrite, 3, [](int fd, std::vector<iovec>& iov) {
    return ::writev(fd, iov.data(), static_cast<int>(iov.size()));
  });
}

Errno fd_pread(WasiState& s, const Value* a) {
  int64_t off = static_cast<int64_t>(u64(a[3]));
  if (off < 0) return Errno::Inval;
  return transfer(s, a, rights::kFdRead | rights::kFdSeek, 4,
                  [off](int fd, std::vector<iovec>& iov) {
                    return ::preadv(fd, iov.data(), static_cast<int>(iov.size()), off);
                  });
}

Errno fd_pwrite(WasiState& s, const Value* a) {
  int64_t off = static_cast<int64_t>(u64(a[3]));
  if (off < 0) return Errno::Inval;
  return transfer(s, a, rights::kFdWrite | rights::kFdSeek, 4,
                  [off](int fd, std::vector<iovec>& iov) -> ssize_t {
                    // Linux's pwrite ignores the offset on O_APPEND fds; POSIX (and WASI) write
                    // at the offset. pwritev2 with no flags has the same quirk, so clear
                    // O_APPEND around the write.
                    int fl = ::fcntl(fd, F_GETFL);
                    if (fl >= 0 && (fl & O_APPEND)) ::fcntl(fd, F_SETFL, fl & ~O_APPEND);
                    ssize_t n = ::pwritev(fd, iov.data(), static_cast<int>(iov.size()), off);
                    int saved = errno;
                    if (fl >= 0 && (fl & O_APPEND)) ::fcntl(fd, F_SETFL, fl);
                    errno = saved;
                    return n;
                  });
}

Errno fd_prestat_get(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), 0, e); r != Errno::Success) return r;
  if (!e->preopenName) return Errno::Badf;
  GuestMemory mem = s.guestMemory();
  uint32_t ptr = u32(a[1]);
  if (!mem.inBounds(ptr, kSizeofPrestat)) return Errno::Fault;
  mem.store<uint32_t>(ptr, 0);  // tag 0 = dir, and padding
  mem.store<uint32_t>(ptr + 4, static_cast<uint32_t>(e->preopenName->size()));
  return Errno::Success;
}

Errno fd_prestat_dir_name(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), 0, e); r != Errno::Success) return r;
  if (!e->preopenName) return Errno::Badf;
  auto out = s.guestMemory().bytes(u32(a[1]), u32(a[2]));
  if (!out) return Errno::Fault;
  if (out->size() < e->preopenName->size()) return Errno::NameTooLong;
  std::memcpy(out->data(), e->preopenName->data(), e->preopenName->size());
  return Errno::Success;
}

namespace {

struct DirEntry {
  std::string name;
  uint64_t ino;
  FileType type;
};

Errno listDirectory(int dirFd, std::vector<DirEntry>& out) {
  // A fresh open description: the guest fd's own offset is left alone and every call starts
  // from the beginning, so cookies (entry indices) mean the same on every call.
  int fd = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return lastHostErrno();
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    return lastHostErrno();
  }
  errno = 0;
  while (struct dirent* d = ::readdir(dir)) {
    FileType type = FileType::Unknown;
    switch (d->d_type) {
      case DT_REG:
        type = FileType::RegularFile;
        break;
      case DT_DIR:
        type = FileType::Directory;
        break;
      case DT_LNK:
        type = FileType::SymbolicLink;
        break;
      case DT_CHR:
        type = FileType::CharacterDevice;
        break;
      case DT_BLK:
        type = FileType::BlockDevice;
        break;
      case DT_SOCK:
        type = FileType::SocketStream;
        break;
      default: {
        struct stat st {};
        if (::fstatat(dirFd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          type = fileTypeFromMode(st.st_mode);
        }
      }
    }
    out.push_back(DirEntry{d->d_name, d->d_ino, type});
  }
  int err = errno;
  ::closedir(dir);
  return errnoFromHost(err);
}

}  // namespace

Errno fd_readdir(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFd(s, u32(a[0]), 0, e); r != Errno::Success) return r;
  if (!e->isDirectory()) return Errno::NotDir;
  if ((e->rightsBase & rights::kFdReaddir) == 0) return Errno::NotCapable;
  GuestMemory mem = s.guestMemory();
  uint32_t buf = u32(a[1]), bufLen = u32(a[2]), usedPtr = u32(a[4]);
  uint64_t cookie = u64(a[3]);
  if (!mem.inBounds(buf, bufLen) || !mem.inBounds(usedPtr, 4)) return Errno::Fault;
  std::vector<DirEntry> entries;
  if (Errno r = listDirectory(e->hostFd(), entries); r != Errno::Success) return r;
  uint8_t* out = mem.bytes(buf, bufLen)->data();
  uint32_t used = 0;
  for (uint64_t i = cookie; i < entries.size() && used < bufLen; ++i) {
    const DirEntry& d = entries[i];
    uint8_t header[kSizeofDirent] = {};
    uint64_t next = i + 1, ino = d.ino;
    uint32_t namlen = static_cast<uint32_t>(d.name.size());
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = static_cast<uint8_t>(d.type);
    // The last entry is cut off at the end of the buffer; a full buffer tells the guest to
    // call again with a bigger one (or from this cookie).
    uint32_t n = std::min<uint32_t>(kSizeofDirent, bufLen - used);
    std::memcpy(out + used, header, n);
    used += n;
    n = std::min<uint32_t>(namlen, bufLen - used);
    std::memcpy(out + used, d.name.data(), n);
    used += n;
  }
  mem.store<uint32_t>(usedPtr, used);
  return Errno::Success;
}

Errno fd_renumber(WasiState& s, const Value* a) {
  return s.fds.renumber(u32(a[0]), u32(a[1])) ? Errno::Success : Errno::Badf;
}

Errno fd_seek(WasiState& s, const Value* a) {
  int64_t offset = static_cast<int64_t>(u64(a[1]));
  uint32_t whence = u32(a[2]);
  // A query of the position needs only FD_TELL (wasi-libc's ftell is fd_seek(0, CUR)).
  uint64_t right = (whence == kWhenceCur && offset == 0) ? rights::kFdTell : rights::kFdSeek;
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), right, e); r != Errno::Success) return r;
  int how = whence == kWhenceSet   ? SEEK_SET
            : whence == kWhenceCur ? SEEK_CUR
            : whence == kWhenceEnd ? SEEK_END
                                   : -1;
  if (how < 0) return Errno::Inval;
  GuestMemory mem = s.guestMemory();
  uint32_t ptr = u32(a[3]);
  if (!mem.inBounds(ptr, 8)) return Errno::Fault;
  off_t pos = ::lseek(e->hostFd(), offset, how);
  if (pos < 0) return lastHostErrno();
  mem.store<uint64_t>(ptr, static_cast<uint64_t>(pos));
  return Errno::Success;
}

Errno fd_tell(WasiState& s, const Value* a) {
  FdEntry* e;
  if (Errno r = lookupFile(s, u32(a[0]), rights::kFdTell, e); r != Errno::Success) return r;
  GuestMemory mem = s.guestMemory();
  uint32_t ptr = u32(a[1]);
  if (!mem.inBounds(ptr, 8)) return Errno::Fault;
  off_t pos = ::lseek(e->hostFd(), 0, SEEK_CUR);
  if (pos < 0) return lastHostErrno();
  mem.store<uint64_t>(ptr, static_cast<uint64_t>(pos));
  return Errno::Success;
}

}  // namespace sable::wasi
