// Arguments, environment, process control, scheduling and sockets.
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstring>

#include "host-wasi/wasi_functions.h"

namespace sable::wasi {
namespace {

// args_get and environ_get: an array of pointers at `ptrs` into NUL-terminated copies at `buf`.
// The guest sized both with the *_sizes_get call; a bad pointer or a lie is EFAULT.
Errno copyStrings(WasiState& s, const std::vector<std::string>& strings, uint32_t ptrs,
                  uint32_t buf) {
  GuestMemory mem = s.guestMemory();
  if (!mem.inBounds(ptrs, uint64_t{4} * strings.size())) return Errno::Fault;
  uint64_t total = 0;
  for (const std::string& str : strings) total += str.size() + 1;
  auto out = mem.bytes(buf, total);
  if (!out) return Errno::Fault;
  uint32_t offset = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    mem.store<uint32_t>(ptrs + static_cast<uint32_t>(4 * i), buf + offset);
    std::memcpy(out->data() + offset, strings[i].c_str(), strings[i].size() + 1);
    offset += static_cast<uint32_t>(strings[i].size() + 1);
  }
  return Errno::Success;
}

Errno sizes(WasiState& s, const std::vector<std::string>& strings, uint32_t countPtr,
            uint32_t sizePtr) {
  GuestMemory mem = s.guestMemory();
  if (!mem.inBounds(countPtr, 4) || !mem.inBounds(sizePtr, 4)) return Errno::Fault;
  uint64_t total = 0;
  for (const std::string& str : strings) total += str.size() + 1;
  mem.store<uint32_t>(countPtr, static_cast<uint32_t>(strings.size()));
  mem.store<uint32_t>(sizePtr, static_cast<uint32_t>(total));
  return Errno::Success;
}

// The sock_* calls on an fd: EBADF if it is not open, ENOTSOCK if it is not a socket. Sable
// grants no sockets (there is no --tcplisten), so any fd that *is* one came from the host's
// stdio; using it is not supported yet.
Errno socketCall(WasiState& s, uint32_t fd) {
  FdEntry* e;
  if (Errno r = lookupFd(s, fd, 0, e); r != Errno::Success) return r;
  struct stat st {};
  if (::fstat(e->hostFd(), &st) != 0 || !S_ISSOCK(st.st_mode)) return Errno::NotSock;
  return Errno::NotSup;
}

}  // namespace

Errno args_get(WasiState& s, const Value* a) {
  return copyStrings(s, s.args, u32(a[0]), u32(a[1]));
}
Errno args_sizes_get(WasiState& s, const Value* a) {
  return sizes(s, s.args, u32(a[0]), u32(a[1]));
}
Errno environ_get(WasiState& s, const Value* a) {
  return copyStrings(s, s.env, u32(a[0]), u32(a[1]));
}
Errno environ_sizes_get(WasiState& s, const Value* a) {
  return sizes(s, s.env, u32(a[0]), u32(a[1]));
}

uint32_t proc_exit_code(const Value* a) { return u32(a[0]); }

// Raising a signal in the guest would mean killing the host process (or emulating POSIX signal
// semantics the guest cannot handle anyway); wasmtime refuses too.
Errno proc_raise(WasiState&, const Value*) { return Errno::NotSup; }

Errno sched_yield(WasiState&, const Value*) {
  ::sched_yield();
  return Errno::Success;
}

Errno sock_accept(WasiState& s, const Value* a) { return socketCall(s, u32(a[0])); }
Errno sock_recv(WasiState& s, const Value* a) { return socketCall(s, u32(a[0])); }
Errno sock_send(WasiState& s, const Value* a) { return socketCall(s, u32(a[0])); }
Errno sock_shutdown(WasiState& s, const Value* a) { return socketCall(s, u32(a[0])); }

}  // namespace sable::wasi
