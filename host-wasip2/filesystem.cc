// wasi:filesystem (types, preopens): descriptors over host fds, one per granted directory from
// get-directories and one per open-at; the methods live in fs_descriptor.cc (the object itself)
// and fs_paths.cc (the *-at family, confined beneath the directory).
#include <fcntl.h>

#include <string>

#include "fs_values.h"

namespace sable::wasip2 {

void defineDescriptorMethods(Bindings& b);
void definePathMethods(Bindings& b);

namespace {

// read-directory-entry: the next entry, none at the end.
Result<void> readDirectoryEntry(HostContext& hcx, Context::Impl& cx, Args args, Results results) {
  Result<DirectoryEntries*> s =
      objectOf<DirectoryEntries>(hcx, cx, cx.types.directoryEntryStream, args[0]);
  if (!s) return s.error();
  DirectoryEntries& d = **s;
  if (d.next == d.entries.size()) {
    results[0] = Val::ok(Val::none());
    return {};
  }
  const DirectoryEntries::Entry& e = d.entries[d.next++];
  if (!isUtf8(e.name)) {
    results[0] = fsError(wasi::Errno::Ilseq);
    return {};
  }
  results[0] = Val::ok(
      Val::some(Val::record({{"type", Val::enumCase(e.type)}, {"name", Val::string(e.name)}})));
  return {};
}

// filesystem-error-code: the error-code of a stream error that came from a host errno.
Result<void> filesystemErrorCode(HostContext& hcx, Context::Impl& cx, Args args, Results results) {
  Result<IoError*> e = objectOf<IoError>(hcx, cx, cx.types.error, args[0]);
  if (!e) return e.error();
  int host = (*e)->hostErrno;
  results[0] =
      host == 0 ? Val::none()
                : Val::some(Val::enumCase(std::string(errorCodeName(wasi::errnoFromHost(host)))));
  return {};
}

// get-directories: a new descriptor (a duplicate of the granted fd) for every preopen, with
// read and mutate-directory.
Result<void> getDirectories(HostContext& hcx, Context::Impl& cx, Args, Results results) {
  std::vector<Val> dirs;
  for (const Preopen& p : cx.preopens) {
    int fd = ::fcntl(p.fd.get(), F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return guestTrap("cannot duplicate a preopened directory's descriptor");
    Descriptor d{wasi::UniqueFd(fd), /*directory=*/true, /*read=*/true, /*write=*/false,
                 /*mutateDirectory=*/true};
    Result<Val> h = newObject(hcx, cx, cx.types.descriptor, std::move(d));
    if (!h) return h.error();
    dirs.push_back(Val::tuple({std::move(*h), Val::string(p.guestPath)}));
  }
  results[0] = Val::list(std::move(dirs));
  return {};
}

// A host function calling `fn` with the context.
template <typename Fn>
cm::HostContextFunc withContext(Context::Impl* cx, Fn fn) {
  return [cx, fn](HostContext& hcx, Args args, Results results) {
    return fn(hcx, *cx, args, results);
  };
}

}  // namespace

void defineFilesystem(Bindings& b) {
  Context::Impl* cx = &b.context();
  cx->types.descriptor = b.resource(iface::kFsTypes, "descriptor");
  cx->types.directoryEntryStream = b.resource(iface::kFsTypes, "directory-entry-stream");
  defineDescriptorMethods(b);
  definePathMethods(b);
  b.func(iface::kFsTypes, "[method]directory-entry-stream.read-directory-entry",
         withContext(cx, readDirectoryEntry));
  b.func(iface::kFsTypes, "filesystem-error-code", withContext(cx, filesystemErrorCode));
  b.func(iface::kFsPreopens, "get-directories", withContext(cx, getDirectories));
}

}  // namespace sable::wasip2
