// The 46 functions of wasi_snapshot_preview1, as the bindings call them: each takes the guest's
// WasiState and its raw wasm arguments and returns the errno (proc_exit excepted). Implemented by
// area: wasi_fd.cc, wasi_path.cc, wasi_clock_poll.cc (clocks, random, poll_oneoff),
// wasi_proc.cc (args, environ, proc, sched, sock).
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <cstdint>
#include <vector>

#include "host-wasi/path_ops.h"
#include "host-wasi/wasi_state.h"
#include "host-wasi/wasi_types.h"
#include "sable/value.h"

namespace sable::wasi {

// X(name, parameter types: i = i32, I = i64). Every function returns an i32 errno except
// proc_exit, which returns nothing (wasi_bindings.cc special-cases it).
// clang-format off
#define SABLE_WASI_FUNCTIONS(X)                                            \
  X(args_get, "ii") X(args_sizes_get, "ii") X(environ_get, "ii")           \
  X(environ_sizes_get, "ii") X(clock_res_get, "ii") X(clock_time_get, "iIi") \
  X(fd_advise, "iIIi") X(fd_allocate, "iII") X(fd_close, "i")              \
  X(fd_datasync, "i") X(fd_fdstat_get, "ii") X(fd_fdstat_set_flags, "ii")  \
  X(fd_fdstat_set_rights, "iII") X(fd_filestat_get, "ii")                  \
  X(fd_filestat_set_size, "iI") X(fd_filestat_set_times, "iIIi")           \
  X(fd_pread, "iiiIi") X(fd_prestat_get, "ii") X(fd_prestat_dir_name, "iii") \
  X(fd_pwrite, "iiiIi") X(fd_read, "iiii") X(fd_readdir, "iiiIi")          \
  X(fd_renumber, "ii") X(fd_seek, "iIii") X(fd_sync, "i") X(fd_tell, "ii") \
  X(fd_write, "iiii") X(path_create_directory, "iii")                     \
  X(path_filestat_get, "iiiii") X(path_filestat_set_times, "iiiiIIi")      \
  X(path_link, "iiiiiii") X(path_open, "iiiiiIIii") X(path_readlink, "iiiiii") \
  X(path_remove_directory, "iii") X(path_rename, "iiiiii")                 \
  X(path_symlink, "iiiii") X(path_unlink_file, "iii") X(poll_oneoff, "iiii") \
  X(proc_raise, "i") X(sched_yield, "") X(random_get, "ii")                \
  X(sock_accept, "iii") X(sock_recv, "iiiiii") X(sock_send, "iiiii")       \
  X(sock_shutdown, "ii")
// clang-format on

#define SABLE_WASI_DECLARE(name, params) Errno name(WasiState& s, const Value* a);
SABLE_WASI_FUNCTIONS(SABLE_WASI_DECLARE)
#undef SABLE_WASI_DECLARE

// proc_exit's status; the binding records it and stops the guest.
uint32_t proc_exit_code(const Value* a);

// Shared helpers of the implementations.
inline uint32_t u32(const Value& v) { return static_cast<uint32_t>(v.asI32()); }
inline uint64_t u64(const Value& v) { return static_cast<uint64_t>(v.asI64()); }

// The entry for guest fd `fd` if it is open and holds all of `required` rights: EBADF for an fd
// that is not open, ENOTCAPABLE for missing rights.
Errno lookupFd(WasiState& s, uint32_t fd, uint64_t required, FdEntry*& out);

// Host iovecs for the guest's iovec array at `ptr` (`count` entries), each checked to lie inside
// linear memory: EFAULT otherwise.
Errno gatherIovecs(const GuestMemory& mem, uint32_t ptr, uint32_t count, std::vector<iovec>& out);

// Writes a `filestat` for `st` at `ptr` (EFAULT if it does not fit).
Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st);

// Converts WASI timestamps and fstflags to the two timespecs of futimens/utimensat (EINVAL for
// both X and X_NOW).
Errno timesFromFst(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec times[2]);

}  // namespace sable::wasi
