// Running a helper program without a shell, capturing what it printed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sable::spec {

// How a child process ended.
struct ProcessOutcome {
  bool started = false;  // false when the program could not be executed at all
  bool exitedNormally = false;
  int exitCode = -1;     // when exitedNormally
  int signal = 0;        // when killed by a signal
  std::string output;    // stdout and stderr interleaved (or why it could not start)
  bool stalled = false;  // runProcessWatched killed it for making no progress

  bool succeeded() const { return started && exitedNormally && exitCode == 0; }
  // "exit code 1", "killed by signal 6 (Aborted)", "could not start: ..."
  std::string describe() const;
};

// Runs `argv` (argv[0] is looked up in PATH when it has no slash) via posix_spawn, with stdout
// and stderr sent to `logPath`, and waits for it. The log is read back into the outcome.
ProcessOutcome runProcess(const std::vector<std::string>& argv,
                          const std::filesystem::path& logPath);

// Like runProcess, but kills the child (SIGKILL, reported as `stalled`) when the contents of
// `progressPath`, which the child rewrites as it works, stay the same for `stallSeconds`; until
// they first change, the child may take `startupSeconds` (starting under an emulator and
// converting the script come before the first sign of progress).
ProcessOutcome runProcessWatched(const std::vector<std::string>& argv,
                                 const std::filesystem::path& logPath,
                                 const std::filesystem::path& progressPath, double stallSeconds,
                                 double startupSeconds);

}  // namespace sable::spec
