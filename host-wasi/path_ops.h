// The name-based filesystem operations both WASI hosts serve (preview 1's path_* functions and
// WASI 0.2's descriptor.*-at methods), on host fds and guest path strings: every path is
// resolved beneath its directory through path_resolver, the final *at(2) call never follows a
// symlink unless the path was resolved whole beneath the directory first, and never gets a name
// ending in '/' (the kernel follows "link/" even under AT_SYMLINK_NOFOLLOW). A path with a
// trailing slash either is resolved whole beneath the directory (stat, times, readlink, link
// source) or is answered from the type of the bare name (unlink, rename, link and symlink
// targets). Errors are WASI errnos; each host maps them to its own error type.
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>

#include "host-wasi/path_resolver.h"
#include "sable/result.h"

namespace sable::wasi {

// mkdir of `path` beneath `dirFd`.
Errno createDirectoryAt(int dirFd, std::string_view path, Resolver resolver);

// stat of `path` beneath `dirFd`; `follow`: a final symlink is followed (beneath `dirFd`).
Errno statAt(int dirFd, std::string_view path, bool follow, struct stat& out, Resolver resolver);

// utimensat of `path` beneath `dirFd` (`times` as utimensat takes them: UTIME_NOW/UTIME_OMIT).
Errno setTimesAt(int dirFd, std::string_view path, bool follow, const struct timespec times[2],
                 Resolver resolver);

// A hard link `newPath` beneath `newDirFd` to `oldPath` beneath `oldDirFd` (`follow`: a final
// symlink of the source is followed, beneath its directory).
Errno linkAt(int oldDirFd, std::string_view oldPath, bool follow, int newDirFd,
             std::string_view newPath, Resolver resolver);

// The target of the symlink `path` beneath `dirFd`, whole (at most 4096 bytes).
Errno readlinkAt(int dirFd, std::string_view path, std::string& target, Resolver resolver);

// rmdir of `path` beneath `dirFd`.
Errno removeDirectoryAt(int dirFd, std::string_view path, Resolver resolver);

// rename of `oldPath` beneath `oldDirFd` to `newPath` beneath `newDirFd`.
Errno renameAt(int oldDirFd, std::string_view oldPath, int newDirFd, std::string_view newPath,
               Resolver resolver);

// A symlink `path` beneath `dirFd` holding `target`, which must be relative (EPERM otherwise:
// an absolute target could never be followed and would leak the host's layout).
Errno symlinkAt(std::string_view target, int dirFd, std::string_view path, Resolver resolver);

// unlink of the file (not directory) `path` beneath `dirFd`.
Errno unlinkFileAt(int dirFd, std::string_view path, Resolver resolver);

// A granted directory opened for the guest (O_RDONLY|O_DIRECTORY): an Io error naming it when
// it cannot be opened.
Result<UniqueFd> openPreopenDirectory(const std::string& hostPath);

// errno of the last failed host call, as a WASI errno.
Errno lastHostErrno();

}  // namespace sable::wasi
