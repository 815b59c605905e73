// wasi:filesystem (types, preopens) while descriptors are not served: get-directories lists
// none, so no descriptor can exist and its methods trap if reached through a forged handle
// (the handle check fails first). Context::create refuses preopens until this is done.
#include <string>

#include "val_util.h"

namespace sable::wasip2 {
namespace {

// Every function of wasi:filesystem/types 0.2 that takes a descriptor or entry stream.
constexpr const char* kDescriptorFuncs[] = {
    "[method]descriptor.read-via-stream",
    "[method]descriptor.write-via-stream",
    "[method]descriptor.append-via-stream",
    "[method]descriptor.advise",
    "[method]descriptor.sync-data",
    "[method]descriptor.get-flags",
    "[method]descriptor.get-type",
    "[method]descriptor.set-size",
    "[method]descriptor.set-times",
    "[method]descriptor.read",
    "[method]descriptor.write",
    "[method]descriptor.read-directory",
    "[method]descriptor.sync",
    "[method]descriptor.create-directory-at",
    "[method]descriptor.stat",
    "[method]descriptor.stat-at",
    "[method]descriptor.set-times-at",
    "[method]descriptor.link-at",
    "[method]descriptor.open-at",
    "[method]descriptor.readlink-at",
    "[method]descriptor.remove-directory-at",
    "[method]descriptor.rename-at",
    "[method]descriptor.symlink-at",
    "[method]descriptor.unlink-file-at",
    "[method]descriptor.is-same-object",
    "[method]descriptor.metadata-hash",
    "[method]descriptor.metadata-hash-at",
    "[method]directory-entry-stream.read-directory-entry",
};

}  // namespace

void defineFilesystem(Bindings& b) {
  Context::Impl* cx = &b.context();
  cx->types.descriptor = b.resource(iface::kFsTypes, "descriptor");
  cx->types.directoryEntryStream = b.resource(iface::kFsTypes, "directory-entry-stream");
  for (const char* name : kDescriptorFuncs) {
    std::string label = name;
    b.func(iface::kFsTypes, name, [label](HostContext&, Args, Results) -> Result<void> {
      return guestTrap("wasi:filesystem/types#" + label + ": no descriptors are served");
    });
  }
  b.func(iface::kFsTypes, "filesystem-error-code",
         [](HostContext&, Args, Results results) -> Result<void> {
           results[0] = Val::none();
           return {};
         });
  b.func(iface::kFsPreopens, "get-directories",
         [](HostContext&, Args, Results results) -> Result<void> {
           results[0] = Val::list({});
           return {};
         });
}

}  // namespace sable::wasip2
