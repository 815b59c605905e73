#include "subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

extern char** environ;

namespace sable::spec {
namespace {

// wast2json's diagnostics for a bad script can run to megabytes (one error per token after the
// first); the start is what explains the failure.
constexpr size_t kMaxCapturedOutput = 16 * 1024;

std::string readCapped(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxCapturedOutput, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() == kMaxCapturedOutput) text += "\n[... output truncated]";
  return text;
}

// Owns a posix_spawn_file_actions_t so every exit path destroys it.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

std::string ProcessOutcome::describe() const {
  if (!started) return "could not start: " + output;
  if (exitedNormally) return "exit code " + std::to_string(exitCode);
  if (stalled) return "killed (SIGKILL) for making no progress";
  // sigdescr_np, unlike strsignal, never writes a shared buffer; files convert in parallel.
  const char* name = sigdescr_np(signal);
  return "killed by signal " + std::to_string(signal) + " (" + (name ? name : "unknown") + ")";
}

namespace {

// Starts argv with stdout and stderr sent to logPath; returns the pid, or 0 with the reason in
// outcome.output.
pid_t spawnLogged(const std::vector<std::string>& argv, const std::filesystem::path& logPath,
                  ProcessOutcome& outcome) {
  if (argv.empty()) {
    outcome.output = "empty command line";
    return 0;
  }
  // posix_spawn learns of a failed exec through memory it shares with the vfork'd child; under
  // qemu-user that child is a plain fork and the failure arrives only as exit status 127. A
  // program named by path is checked first so that a missing tool is always reported as such.
  if (argv[0].find('/') != std::string::npos && access(argv[0].c_str(), X_OK) != 0) {
    outcome.output = argv[0] + ": " + std::strerror(errno);
    return 0;
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  FileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(actions.get(), 1, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(actions.get(), 1, 2);

  pid_t pid = 0;
  int spawnError = posix_spawnp(&pid, args[0], actions.get(), nullptr, args.data(), environ);
  if (spawnError != 0) {
    outcome.output = argv[0] + ": " + std::strerror(spawnError);
    return 0;
  }
  outcome.started = true;
  return pid;
}

void recordStatus(int status, ProcessOutcome& outcome) {
  if (WIFEXITED(status)) {
    outcome.exitedNormally = true;
    outcome.exitCode = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
  }
}

std::string readWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

ProcessOutcome runProcess(const std::vector<std::string>& argv,
                          const std::filesystem::path& logPath) {
  ProcessOutcome outcome;
  pid_t pid = spawnLogged(argv, logPath, outcome);
  if (pid == 0) return outcome;

  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      outcome.output = std::string("waitpid: ") + std::strerror(errno);
      return outcome;
    }
  }
  recordStatus(status, outcome);
  outcome.output = readCapped(logPath);
  return outcome;
}

ProcessOutcome runProcessWatched(const std::vector<std::string>& argv,
                                 const std::filesystem::path& logPath,
                                 const std::filesystem::path& progressPath, double stallSeconds,
                                 double startupSeconds) {
  // The progress file as it was before the child ran: read after the fork, it could already
  // hold the child's first progress, which would then never count as a change.
  std::string lastProgress = readWhole(progressPath);
  ProcessOutcome outcome;
  pid_t pid = spawnLogged(argv, logPath, outcome);
  if (pid == 0) return outcome;

  using Clock = std::chrono::steady_clock;
  Clock::time_point lastChange = Clock::now();
  bool progressed = false;
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      outcome.output = std::string("waitpid: ") + std::strerror(errno);
      return outcome;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::string progress = readWhole(progressPath);
    if (progress != lastProgress) {
      lastProgress = std::move(progress);
      lastChange = Clock::now();
      progressed = true;
    } else if (std::chrono::duration<double>(Clock::now() - lastChange).count() >
               (progressed ? stallSeconds : startupSeconds)) {
      kill(pid, SIGKILL);
      outcome.stalled = true;
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
  }
  recordStatus(status, outcome);
  outcome.output = readCapped(logPath);
  return outcome;
}

}  // namespace sable::spec
