// How `sable run` ends as a process: its exit status for each way a program can end, and the
// signal disposition the program runs under. The rules are documented in the README ("Running
// WASI programs") and in `sable help run`.
#pragma once

#include <cstdint>
#include <string_view>

namespace sable::cli {

// Exit status when the program traps: 128 + SIGABRT, as `wasmtime run` does on Unix. No
// proc_exit status maps to it, so a trap is never mistaken for a program's own failure.
inline constexpr int kExitTrap = 134;

// The largest proc_exit status passed through unchanged. 126 and 127 mean "cannot execute" and
// "not found" to a shell, and 128 + N means "killed by signal N".
inline constexpr uint32_t kMaxProgramExitStatus = 125;

// Sable's exit status for a program that called proc_exit(status): the status itself when it is
// at most kMaxProgramExitStatus; otherwise 1 (kExitFailure), after a line on stderr naming the
// status, so that no failure is ever reported as success (exit() keeps only 8 bits: 256 would
// become 0) and no status looks like a signal or a trap (134).
int programExitStatus(std::string_view path, uint32_t status);

// Makes writes to a pipe whose reader has gone fail with EPIPE instead of killing sable with
// SIGPIPE, so that a program writing to a closed pipe sees the error and ends with its own
// status (as under `wasmtime run`, whose Rust runtime ignores SIGPIPE).
void ignoreBrokenPipeSignal();

}  // namespace sable::cli
