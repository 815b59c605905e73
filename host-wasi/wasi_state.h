// WasiState: what one WASI guest owns (arguments, environment, fd table, bound memory, exit
// status). The host functions in wasi_*.cc each receive it; it lives inside a WasiContext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host-wasi/fd_table.h"
#include "host-wasi/guest_memory.h"
#include "host-wasi/path_resolver.h"
#include "host-wasi/saved_stdio_flags.h"
#include "sable/memory.h"

namespace sable::wasi {

class WasiState {
 public:
  // The host's stdio flags, put back when this state goes (declared first: it outlives the fd
  // table, whose stdio entries only borrow the host's descriptors anyway).
  SavedStdioFlags stdioFlags;
  std::vector<std::string> args;
  std::vector<std::string> env;
  FdTable fds;
  std::optional<Memory> memory;
  std::optional<uint32_t> exitCode;
  // How guest paths are resolved beneath their directory. Always Openat2 in production (it falls
  // back to the walk by itself); the tests set Walk to run every path case through both.
  Resolver resolver = Resolver::Openat2;

  // The bound memory as it is now (empty before bindMemory, so every access is EFAULT).
  GuestMemory guestMemory() const {
    return memory ? GuestMemory(memory->data()) : GuestMemory(std::span<uint8_t>());
  }
};

}  // namespace sable::wasi
