// The wasi:filesystem/types value shapes (error-code, descriptor-type, descriptor-stat,
// new-timestamp, metadata-hash-value) and the wrapper every descriptor method goes through.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <string_view>

#include "host-wasi/wasi_types.h"
#include "val_util.h"

namespace sable::wasip2 {

// The error-code case name for a WASI errno (the same names, spelled the 0.2 way).
std::string_view errorCodeName(wasi::Errno e);
// err(error-code) for `e`.
Val fsError(wasi::Errno e);
// ok() for Success, else err(error-code).
Val fsResult(wasi::Errno e);

// The descriptor-type case name for a st_mode.
std::string_view descriptorTypeName(mode_t mode);
// A descriptor-stat record for `st`.
Val statVal(const struct stat& st);
// A metadata-hash-value of the object `st` describes, keyed by `key` (a secret per context):
// equal for the same object, and it does not reveal the host's inode numbers.
Val metadataHashVal(const struct stat& st, const uint64_t key[2]);

// The timespec utimensat/futimens take for a new-timestamp (UTIME_OMIT, UTIME_NOW or a time);
// EINVAL for nanoseconds past a second or seconds past what time_t holds.
wasi::Errno timespecOf(const Val& newTimestamp, struct timespec& out);

// A descriptor method's body: its result value (a guest-visible error is an err value), or an
// Error that stops the guest. `rep` is the descriptor's table index; the body must not use `d`
// after it adds to the table (that may move it).
using DescriptorBody =
    std::function<Result<Val>(HostContext&, Context::Impl&, Descriptor& d, uint32_t rep, Args)>;
// A host function calling `body` with the descriptor its first argument names.
cm::HostContextFunc descriptorMethod(Context::Impl* cx, DescriptorBody body);

// The descriptor a second handle argument names (link-at, rename-at, is-same-object).
Result<Descriptor*> otherDescriptor(HostContext& hcx, Context::Impl& cx, const Val& handle);

// Whether `text` is well-formed UTF-8 (what a string may carry to the guest).
bool isUtf8(std::string_view text);

// Whether the flags value `flags` has `name` set.
bool hasFlag(const Val& flags, std::string_view name);

}  // namespace sable::wasip2
