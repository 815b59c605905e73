// The descriptor methods that act on the open object itself (streams, reads and writes,
// metadata, sync, directory listing). Reads need the descriptor's read flag, writes its write
// flag (bad-descriptor otherwise, as the WIT's open-at says); file operations on a directory
// are is-directory.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "fd_io.h"
#include "fs_values.h"
#include "host-wasi/path_ops.h"

namespace sable::wasip2 {

using wasi::Errno;
using wasi::lastHostErrno;

namespace {

// The most bytes one descriptor.read returns (the guest asks again for more): readAt's bound.
constexpr uint64_t kMaxRead = 64 * 1024;

// bad-descriptor unless `d` is a file opened for reading (or writing).
Errno fileFor(const Descriptor& d, bool write) {
  if (d.directory) return Errno::IsDir;
  return (write ? d.write : d.read) ? Errno::Success : Errno::Badf;
}

// An own handle to `stream`, a child of the descriptor at `rep`.
template <typename Stream>
Result<Val> streamOf(HostContext& hcx, Context::Impl& cx, cm::HostResource type, Stream stream,
                     uint32_t rep) {
  Result<Val> h = newObject(hcx, cx, type, std::move(stream), rep);
  if (!h) return h.error();
  return Val::ok(std::move(*h));
}

Result<Val> readViaStream(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t rep,
                          Args args) {
  if (Errno e = fileFor(d, false); e != Errno::Success) return fsError(e);
  return streamOf(hcx, cx, cx.types.inputStream,
                  InputStream::readingFileAt(d.fd.get(), args[1].asU64()), rep);
}

Result<Val> writeViaStream(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t rep,
                           Args args) {
  if (Errno e = fileFor(d, true); e != Errno::Success) return fsError(e);
  return streamOf(hcx, cx, cx.types.outputStream,
                  OutputStream::writingFileAt(d.fd.get(), args[1].asU64()), rep);
}

Result<Val> appendViaStream(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t rep,
                            Args) {
  if (Errno e = fileFor(d, true); e != Errno::Success) return fsError(e);
  return streamOf(hcx, cx, cx.types.outputStream, OutputStream::appendingTo(d.fd.get()), rep);
}

Result<Val> advise(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args args) {
  if (d.directory) return fsError(Errno::IsDir);
  static constexpr std::pair<std::string_view, int> kAdvice[] = {
      {"normal", POSIX_FADV_NORMAL},      {"sequential", POSIX_FADV_SEQUENTIAL},
      {"random", POSIX_FADV_RANDOM},      {"will-need", POSIX_FADV_WILLNEED},
      {"dont-need", POSIX_FADV_DONTNEED}, {"no-reuse", POSIX_FADV_NOREUSE}};
  int advice = POSIX_FADV_NORMAL;
  for (auto [name, value] : kAdvice) {
    if (args[3].caseName() == name) advice = value;
  }
  uint64_t offset = args[1].asU64(), length = args[2].asU64();
  if (offset > INT64_MAX || length > INT64_MAX) return fsError(Errno::Inval);
  int rc =
      ::posix_fadvise(d.fd.get(), static_cast<off_t>(offset), static_cast<off_t>(length), advice);
  return fsResult(wasi::errnoFromHost(rc));
}

Result<Val> syncData(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args) {
  return fsResult(::fdatasync(d.fd.get()) == 0 ? Errno::Success : lastHostErrno());
}

Result<Val> sync(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args) {
  return fsResult(::fsync(d.fd.get()) == 0 ? Errno::Success : lastHostErrno());
}

Result<Val> getFlags(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args) {
  int fl = ::fcntl(d.fd.get(), F_GETFL);
  if (fl < 0) return fsError(lastHostErrno());
  std::vector<std::string> flags;
  if (d.read) flags.emplace_back("read");
  if (d.write) flags.emplace_back("write");
  if ((fl & O_SYNC) == O_SYNC) {
    flags.emplace_back("file-integrity-sync");
  } else if (fl & O_DSYNC) {
    flags.emplace_back("data-integrity-sync");
  }
  if (d.mutateDirectory) flags.emplace_back("mutate-directory");
  return Val::ok(Val::flags(std::move(flags)));
}

Result<Val> getType(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args) {
  struct stat st {};
  if (::fstat(d.fd.get(), &st) != 0) return fsError(lastHostErrno());
  return Val::ok(Val::enumCase(std::string(descriptorTypeName(st.st_mode))));
}

Result<Val> setSize(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args args) {
  if (Errno e = fileFor(d, true); e != Errno::Success) return fsError(e);
  if (args[1].asU64() > INT64_MAX) return fsError(Errno::Fbig);
  int rc = ::ftruncate(d.fd.get(), static_cast<off_t>(args[1].asU64()));
  return fsResult(rc == 0 ? Errno::Success : lastHostErrno());
}

Result<Val> setTimes(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args args) {
  struct timespec times[2];
  for (int i = 0; i < 2; ++i) {
    if (Errno e = timespecOf(args[1 + i], times[i]); e != Errno::Success) return fsError(e);
  }
  return fsResult(::futimens(d.fd.get(), times) == 0 ? Errno::Success : lastHostErrno());
}

Result<Val> read(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args args) {
  if (Errno e = fileFor(d, false); e != Errno::Success) return fsError(e);
  uint64_t want = std::min(args[1].asU64(), kMaxRead);
  ReadOutcome r = readAt(d.fd.get(), want, args[2].asU64());
  if (r.error != 0) return fsError(wasi::errnoFromHost(r.error));
  // A short read of a file is its end (pread returns what there is).
  bool end = r.eof || r.bytes.size() < want;
  return Val::ok(Val::tuple({bytesVal(r.bytes), Val::boolean(end)}));
}

Result<Val> write(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args args) {
  if (Errno e = fileFor(d, true); e != Errno::Success) return fsError(e);
  std::vector<uint8_t> bytes = bytesOf(args[1]);
  if (int e = writeAllAt(d.fd.get(), bytes, args[2].asU64()); e != 0) {
    return fsError(wasi::errnoFromHost(e));
  }
  return Val::ok(Val::u64(bytes.size()));
}

// The entries of the directory `fd`, without "." and "..", in the order the host lists them.
Errno listDirectory(int fd, DirectoryEntries& out) {
  int dup = ::openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup < 0) return lastHostErrno();
  DIR* dir = ::fdopendir(dup);
  if (!dir) {
    Errno e = lastHostErrno();
    ::close(dup);
    return e;
  }
  errno = 0;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    std::string_view type = "unknown";
    if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      type = descriptorTypeName(st.st_mode);
    }
    out.entries.push_back({std::move(name), std::string(type)});
  }
  Errno e = errno != 0 ? lastHostErrno() : Errno::Success;
  ::closedir(dir);
  return e;
}

Result<Val> readDirectory(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t, Args) {
  if (!d.directory) return fsError(Errno::NotDir);
  DirectoryEntries entries;
  if (Errno e = listDirectory(d.fd.get(), entries); e != Errno::Success) return fsError(e);
  Result<Val> h = newObject(hcx, cx, cx.types.directoryEntryStream, std::move(entries));
  if (!h) return h.error();
  return Val::ok(std::move(*h));
}

Result<Val> stat(HostContext&, Context::Impl&, Descriptor& d, uint32_t, Args) {
  struct stat st {};
  if (::fstat(d.fd.get(), &st) != 0) return fsError(lastHostErrno());
  return Val::ok(statVal(st));
}

Result<Val> metadataHash(HostContext&, Context::Impl& cx, Descriptor& d, uint32_t, Args) {
  struct stat st {};
  if (::fstat(d.fd.get(), &st) != 0) return fsError(lastHostErrno());
  return Val::ok(metadataHashVal(st, cx.hashKey));
}

// is-same-object returns a bool, not a result: an object that cannot be stat'ed is not the same.
Result<Val> isSameObject(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t, Args args) {
  int fd = d.fd.get();
  Result<Descriptor*> other = otherDescriptor(hcx, cx, args[1]);
  if (!other) return other.error();
  struct stat a {
  }, b{};
  bool same = ::fstat(fd, &a) == 0 && ::fstat((*other)->fd.get(), &b) == 0 &&
              a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  return Val::boolean(same);
}

}  // namespace

void defineDescriptorMethods(Bindings& b) {
  Context::Impl* cx = &b.context();
  const std::pair<const char*, DescriptorBody> methods[] = {
      {"read-via-stream", readViaStream},
      {"write-via-stream", writeViaStream},
      {"append-via-stream", appendViaStream},
      {"advise", advise},
      {"sync-data", syncData},
      {"get-flags", getFlags},
      {"get-type", getType},
      {"set-size", setSize},
      {"set-times", setTimes},
      {"read", read},
      {"write", write},
      {"read-directory", readDirectory},
      {"sync", sync},
      {"stat", stat},
      {"is-same-object", isSameObject},
      {"metadata-hash", metadataHash},
  };
  for (const auto& [name, body] : methods) {
    b.func(iface::kFsTypes, std::string("[method]descriptor.") + name, descriptorMethod(cx, body));
  }
}

}  // namespace sable::wasip2
