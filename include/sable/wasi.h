// WASI preview 1 (`wasi_snapshot_preview1`) for embedders: a capability-based host for WASI
// commands. The guest sees only what its WasiConfig grants: arguments, the listed environment
// variables, stdio, and the preopened directories (path resolution never leaves a preopen).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sable/linker.h"
#include "sable/memory.h"
#include "sable/result.h"
#include "sable/store.h"

namespace sable {

// A host directory granted to the guest, visible under `guestPath` (what fd_prestat_dir_name
// returns and what wasi-libc matches absolute and relative paths against).
struct WasiPreopen {
  std::string hostPath;
  std::string guestPath;
};

// Everything a WASI guest may reach. Nothing of the host process (environment, working
// directory) is inherited unless the embedder copies it in here.
struct WasiConfig {
  std::vector<std::string> args;  // argv, argv[0] included
  std::vector<std::string> env;   // "KEY=VALUE" strings, in order
  std::vector<WasiPreopen> preopens;
  // Give the guest the host's fds 0, 1 and 2 as its stdin, stdout and stderr. When false the
  // guest has no stdio (fds 0-2 are closed from its point of view).
  bool inheritStdio = true;
  // What WASI 0.2's wasi:cli/environment.initial-cwd returns (none when unset). Preview 1 has
  // no such call and ignores it.
  std::optional<std::string> initialCwd;
};

// The state of one WASI guest: its fd table, arguments, environment and exit status. Create one
// per instance; it must outlive every call into that instance.
class WasiContext {
 public:
  // Opens the preopened directories (ErrorKind::Io naming the directory if one cannot be opened).
  static Result<std::unique_ptr<WasiContext>> create(const WasiConfig& config);
  // Closes the guest's descriptors and puts back the stdio flags it changed.
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  // The guest's linear memory, which every host function reads and writes through (with bounds
  // checks). Bind the instance's exported "memory" after instantiation, before calling _start;
  // until then every WASI call that takes a pointer returns EFAULT.
  void bindMemory(Memory memory);

  // Set once the guest called proc_exit: the status it asked for. The call into wasm that
  // reached proc_exit returns an error (so the guest stops); check this first to tell an exit
  // from a trap.
  std::optional<uint32_t> exitCode() const;

 private:
  friend struct WasiContextAccess;  // the WASI host's way in (host-wasi/wasi_context_impl.h)
  struct Impl;                      // the guest's state, defined in host-wasi/wasi_context_impl.h

  explicit WasiContext(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

// The module name WASI preview 1 functions are imported from.
inline constexpr const char* kWasiPreview1Module = "wasi_snapshot_preview1";

// Defines all 46 functions of `wasi_snapshot_preview1` in `linker` as host functions of `store`,
// working on `context` (which must outlive the store's use of them).
Result<void> defineWasi(Linker& linker, Store& store, WasiContext& context);

}  // namespace sable
