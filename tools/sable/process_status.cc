#include "process_status.h"

#include <csignal>
#include <string>

#include "cli_util.h"
#include "command.h"

namespace sable::cli {

// Wasmtime's rule on Unix for WASI preview 1: its `proc_exit` (crates/wasi/src/preview1.rs)
// turns a status below 126 into an I32Exit, which `wasmtime run` (src/commands/run.rs) passes to
// process::exit, and anything from 126 up into the plain error "exit with invalid exit status
// outside of [0..126)"; that is neither an I32Exit nor a Trap (only a Trap gets 128 + SIGABRT),
// so `wasmtime run` prints it and ends with Rust's failure status, 1. Sable keeps the rule and
// names the status in its one line.
int programExitStatus(std::string_view path, uint32_t status) {
  if (status <= kMaxProgramExitStatus) return static_cast<int>(status);
  reportError(path, "proc_exit(" + std::to_string(status) + "): exit status outside 0.." +
                        std::to_string(kMaxProgramExitStatus) + ", exiting with " +
                        std::to_string(kExitFailure));
  return kExitFailure;
}

void ignoreBrokenPipeSignal() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace sable::cli
