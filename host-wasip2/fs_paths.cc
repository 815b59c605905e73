// The descriptor methods that take a path (the *-at family): each resolves its path beneath the
// directory descriptor through the preview 1 host's shared operations (host-wasi/path_ops.h,
// host-wasi/path_resolver.h), so no spelling of a path reaches outside it. Path methods on a
// file are not-directory; those that change the directory need its mutate-directory flag
// (read-only otherwise, as the WIT says).
#include <fcntl.h>
#include <sys/stat.h>

#include "fs_values.h"
#include "host-wasi/path_ops.h"

namespace sable::wasip2 {

using wasi::Errno;

namespace {

// Success when `d` is a directory whose entries the guest may use (and change, if `mutate`).
Errno directoryFor(const Descriptor& d, bool mutate) {
  if (!d.directory) return Errno::NotDir;
  if (mutate && !d.mutateDirectory) return Errno::Rofs;
  return Errno::Success;
}

// A path method: `op(dirFd, args)` once the descriptor is a directory the guest may use.
template <typename Op>
DescriptorBody pathMethod(bool mutate, Op op) {
  return [mutate, op](HostContext&, Context::Impl& cx, Descriptor& d, uint32_t,
                      Args args) -> Result<Val> {
    if (Errno e = directoryFor(d, mutate); e != Errno::Success) return fsError(e);
    return op(cx, d.fd.get(), args);
  };
}

// A path method acting on two directories (link-at, rename-at): the second handle at
// args[newArg], which must be a mutable directory; the first must be mutable when
// `sourceMutates` (rename takes the entry away, link does not).
template <typename Op>
DescriptorBody twoDirectoryMethod(size_t newArg, bool sourceMutates, Op op) {
  return [newArg, sourceMutates, op](HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t,
                                     Args args) -> Result<Val> {
    Result<Descriptor*> other = otherDescriptor(hcx, cx, args[newArg]);
    if (!other) return other.error();
    if (Errno e = directoryFor(d, sourceMutates); e != Errno::Success) return fsError(e);
    if (Errno e = directoryFor(**other, true); e != Errno::Success) return fsError(e);
    return fsResult(op(cx, d.fd.get(), (*other)->fd.get(), args));
  };
}

bool follows(const Val& pathFlags) { return hasFlag(pathFlags, "symlink-follow"); }

Result<Val> statAt(Context::Impl& cx, int dir, Args args) {
  struct stat st {};
  Errno e = wasi::statAt(dir, args[2].asString(), follows(args[1]), st, cx.resolver);
  return e == Errno::Success ? Val::ok(statVal(st)) : fsError(e);
}

Result<Val> metadataHashAt(Context::Impl& cx, int dir, Args args) {
  struct stat st {};
  Errno e = wasi::statAt(dir, args[2].asString(), follows(args[1]), st, cx.resolver);
  return e == Errno::Success ? Val::ok(metadataHashVal(st, cx.hashKey)) : fsError(e);
}

Result<Val> setTimesAt(Context::Impl& cx, int dir, Args args) {
  struct timespec times[2];
  for (int i = 0; i < 2; ++i) {
    if (Errno e = timespecOf(args[3 + i], times[i]); e != Errno::Success) return fsError(e);
  }
  return fsResult(wasi::setTimesAt(dir, args[2].asString(), follows(args[1]), times, cx.resolver));
}

Result<Val> readlinkAt(Context::Impl& cx, int dir, Args args) {
  std::string target;
  Errno e = wasi::readlinkAt(dir, args[1].asString(), target, cx.resolver);
  if (e != Errno::Success) return fsError(e);
  // A target that is not UTF-8 cannot cross as a string: the guest gets illegal-byte-sequence.
  if (!isUtf8(target)) return fsError(Errno::Ilseq);
  return Val::ok(Val::string(std::move(target)));
}

// The open(2) flags for open-at's path-flags, open-flags and descriptor-flags.
int openFlags(const Val& pathFlags, const Val& open, const Val& flags) {
  int f = follows(pathFlags) ? 0 : O_NOFOLLOW;
  if (hasFlag(open, "create")) f |= O_CREAT;
  if (hasFlag(open, "directory")) f |= O_DIRECTORY;
  if (hasFlag(open, "exclusive")) f |= O_EXCL;
  if (hasFlag(open, "truncate")) f |= O_TRUNC;
  if (hasFlag(flags, "file-integrity-sync")) f |= O_SYNC;
  if (hasFlag(flags, "data-integrity-sync")) f |= O_DSYNC;
  if (hasFlag(flags, "requested-write-sync")) f |= O_RSYNC;
  bool read = hasFlag(flags, "read"), write = hasFlag(flags, "write");
  return f | (write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY);
}

// open-at: a file's rights are the read and write `flags` asks for; a directory inherits
// mutate-directory from the one it was opened from (as Wasmtime does: the preview 1 adapter
// never asks for it), so a guest never gains it below a directory that lacks it.
Result<Val> openAt(HostContext& hcx, Context::Impl& cx, Descriptor& d, uint32_t, Args args) {
  const Val &open = args[3], &flags = args[4];
  bool creates = hasFlag(open, "create") || hasFlag(open, "truncate");
  bool write = hasFlag(flags, "write");
  if (Errno e = directoryFor(d, creates || write); e != Errno::Success) return fsError(e);
  if (hasFlag(open, "directory") && (creates || hasFlag(open, "exclusive"))) {
    return fsError(Errno::Inval);
  }
  if (hasFlag(open, "directory") && write) return fsError(Errno::IsDir);
  const bool parentMutates = d.mutateDirectory;
  int oflags = openFlags(args[1], open, flags);
  wasi::OpenResult o = wasi::openBeneath(d.fd.get(), args[2].asString(), oflags, 0666, cx.resolver);
  if (o.error != Errno::Success) return fsError(o.error);
  struct stat st {};
  if (::fstat(o.fd.get(), &st) != 0) return fsError(wasi::lastHostErrno());
  Descriptor opened;
  opened.directory = S_ISDIR(st.st_mode);
  opened.read = hasFlag(flags, "read");
  opened.write = write && !opened.directory;
  opened.mutateDirectory = opened.directory && parentMutates;
  opened.fd = std::move(o.fd);
  Result<Val> h = newObject(hcx, cx, cx.types.descriptor, std::move(opened));
  if (!h) return h.error();
  return Val::ok(std::move(*h));
}

}  // namespace

void definePathMethods(Bindings& b) {
  Context::Impl* cx = &b.context();
  auto unary = [](Errno (*op)(int, std::string_view, wasi::Resolver)) {
    return [op](Context::Impl& c, int dir, Args args) -> Result<Val> {
      return fsResult(op(dir, args[1].asString(), c.resolver));
    };
  };
  const std::pair<const char*, DescriptorBody> methods[] = {
      {"create-directory-at", pathMethod(true, unary(wasi::createDirectoryAt))},
      {"remove-directory-at", pathMethod(true, unary(wasi::removeDirectoryAt))},
      {"unlink-file-at", pathMethod(true, unary(wasi::unlinkFileAt))},
      {"stat-at", pathMethod(false, statAt)},
      {"metadata-hash-at", pathMethod(false, metadataHashAt)},
      {"set-times-at", pathMethod(true, setTimesAt)},
      {"readlink-at", pathMethod(false, readlinkAt)},
      {"symlink-at", pathMethod(true,
                                [](Context::Impl& c, int dir, Args args) -> Result<Val> {
                                  return fsResult(wasi::symlinkAt(args[1].asString(), dir,
                                                                  args[2].asString(), c.resolver));
                                })},
      {"link-at", twoDirectoryMethod(3, false,
                                     [](Context::Impl& c, int from, int to, Args args) {
                                       return wasi::linkAt(from, args[2].asString(),
                                                           follows(args[1]), to, args[4].asString(),
                                                           c.resolver);
                                     })},
      {"rename-at", twoDirectoryMethod(2, true,
                                       [](Context::Impl& c, int from, int to, Args args) {
                                         return wasi::renameAt(from, args[1].asString(), to,
                                                               args[3].asString(), c.resolver);
                                       })},
      {"open-at", openAt},
  };
  for (const auto& [name, body] : methods) {
    b.func(iface::kFsTypes, std::string("[method]descriptor.") + name, descriptorMethod(cx, body));
  }
}

}  // namespace sable::wasip2
