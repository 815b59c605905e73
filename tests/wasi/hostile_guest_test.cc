// hostile_guest_test: a real guest attacking its host through `sable run`, end to end.
//
// usage: hostile_guest_test SABLE HOSTILE_GUEST.wasm [--paths-only]
//
// --paths-only runs the paths attack alone: for hostile_guest.component.wasm, the same guest
// wrapped as a WASI 0.2 component (its stdio are wasi:cli streams, which the stdio attack's
// preview 1 expectations do not describe).
//
// paths: the guest (tests/wasi/hostile_guest.c) gets ROOT/mid/sandbox as its only preopen, makes
// symlinks that climb out of it and names them with trailing slashes and dots in every call that
// takes a path, then does the same with symlinks the host made there (absolute, /proc/self magic
// links, a loop, a dangling one). It runs three times, with a different outside each time
// (zz_secret and zz_outside_dir in ROOT/mid and ROOT present; absent; swapped, file for directory),
// all with old fixed timestamps. Passes when the guest printed the same lines every time (it cannot
// tell what lies outside) and the outside is exactly as it was (nothing read, created, changed or
// removed: atime, mtime, ctime, contents and entries are compared).
//
// stdio: the guest turns on O_NONBLOCK and O_APPEND on its stdio and tries to truncate,
// preallocate, seek, pwrite and set the times of its stdout, which is a file here. Passes when
// every one of those was refused, the file holds what it held plus what the guest wrote, and the
// descriptions sable was given have their flags back once it exits.
//
// Prints what failed; exits 0 when everything passed, 1 otherwise.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "target_launcher.h"

namespace fs = std::filesystem;

namespace {

constexpr timespec kOldAtime{1000000000, 111};
constexpr timespec kOldMtime{1000000001, 222};
int failures = 0;

void fail(const std::string& what) {
  std::cout << "FAIL: " << what << '\n';
  ++failures;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs sable with the given stdio descriptors; its exit status (128 + signal if killed).
int runSable(const std::vector<std::string>& argv, int in, int out, int err) {
  std::vector<std::string> full = sable::test::withTargetLauncher(argv);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : full) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> listNoAtime(const std::string& dir) {
  std::vector<std::string> names;
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOATIME | O_CLOEXEC);
  DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
  if (d == nullptr) return names;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
      names.emplace_back(e->d_name);
    }
  }
  ::closedir(d);
  return names;
}

// Every entry under `root` but `skip` (the preopen), with all a guest could change, read
// without touching an atime.
void snapshot(const std::string& path, const std::string& skip,
              std::map<std::string, std::string>& out) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  auto t = [](const timespec& ts) {
    return std::to_string(ts.tv_sec) + "." + std::to_string(ts.tv_nsec);
  };
  std::string d = "mode=" + std::to_string(st.st_mode) + " nlink=" + std::to_string(st.st_nlink) +
                  " size=" + std::to_string(st.st_size) + " atime=" + t(st.st_atim) +
                  " mtime=" + t(st.st_mtim) + " ctime=" + t(st.st_ctim);
  if (S_ISREG(st.st_mode)) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NOATIME | O_CLOEXEC);
    char buf[128];
    ssize_t n = fd < 0 ? -1 : ::read(fd, buf, sizeof buf);
    if (fd >= 0) ::close(fd);
    d += " contents=" + (n < 0 ? std::string("?") : std::string(buf, static_cast<size_t>(n)));
  }
  out[path] = d;
  if (!S_ISDIR(st.st_mode)) return;
  for (const std::string& name : listNoAtime(path)) {
    if (path + "/" + name != skip) snapshot(path + "/" + name, skip, out);
  }
}

enum class World { Present, Absent, Swapped };

void buildOutside(const std::string& root, World world) {
  for (const std::string& dir : {root, root + "/mid"}) {
    for (const std::string& name : listNoAtime(dir)) {
      if (name != "mid" && name != "sandbox") fs::remove_all(dir + "/" + name);
    }
    if (world == World::Absent) continue;
    const bool swapped = world == World::Swapped;
    const std::string file = dir + (swapped ? "/zz_outside_dir" : "/zz_secret");
    const std::string directory = dir + (swapped ? "/zz_secret" : "/zz_outside_dir");
    writeFile(file, "ZZSENTINEL");
    fs::create_directory(directory);
    writeFile(directory + "/zzinner_marker", "ZZSENTINEL inner");
  }
  std::map<std::string, std::string> entries;
  snapshot(root, root + "/mid/sandbox", entries);
  const timespec times[2] = {kOldAtime, kOldMtime};
  for (const auto& [path, _] : entries)
    ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

const char* worldName(World w) {
  return w == World::Present ? "present" : w == World::Absent ? "absent" : "swapped";
}

// Symlinks the host makes in the preopen for the guest to follow: absolute ones to the outside
// and to /proc/self's magic links, a loop and a dangling one.
void makeHostLinks(const std::string& root, const std::string& sandbox) {
  const std::pair<std::string, std::string> links[] = {{root + "/mid/zz_secret", "abs_file"},
                                                       {root + "/mid/zz_outside_dir", "abs_dir"},
                                                       {"/proc/self/root", "proc_root"},
                                                       {"/proc/self/cwd", "proc_cwd"},
                                                       {"loop_b", "loop_a"},
                                                       {"loop_a", "loop_b"},
                                                       {"nowhere", "dangling"}};
  for (const auto& [target, name] : links) {
    fs::create_symlink(target, sandbox + "/" + name);
  }
}

// Runs `sable run --dir SANDBOX::pre GUEST paths` in each world: the same output every time,
// and an untouched outside.
void pathsAttack(const std::string& sable, const std::string& wasm, const std::string& root) {
  const std::string sandbox = root + "/mid/sandbox";
  // The guest's output is written beside ROOT, outside what is watched.
  const std::string outPath = root + ".paths-output";
  std::map<World, std::string> outputs;
  for (World world : {World::Present, World::Absent, World::Swapped}) {
    const std::string name = std::string("paths (") + worldName(world) + " outside): ";
    fs::remove_all(sandbox);
    fs::create_directories(sandbox);
    makeHostLinks(root, sandbox);
    buildOutside(root, world);
    std::map<std::string, std::string> before, after;
    snapshot(root, sandbox, before);
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int status = runSable({sable, "run", "--dir", sandbox + "::pre", wasm, "paths"}, in, out, out);
    ::close(in);
    ::close(out);
    snapshot(root, sandbox, after);
    outputs[world] = readAll(outPath);
    if (status != 0) fail(name + "exit status " + std::to_string(status) + "\n" + outputs[world]);
    for (const auto& [path, was] : before) {
      auto it = after.find(path);
      if (it == after.end()) {
        fail(name + "removed " + path);
      } else if (it->second != was) {
        fail(name + "changed " + path + ": " + was + " -> " + it->second);
      }
    }
    for (const auto& [path, now] : after) {
      if (!before.count(path)) fail(name + "created " + path);
    }
  }
  fs::remove(outPath);
  const std::string& reference = outputs[World::Present];
  if (reference.find("symlink pre/up_dir: ok") == std::string::npos) {
    fail("paths: the guest did not get as far as its attacks:\n" + reference);
  }
  for (World world : {World::Absent, World::Swapped}) {
    if (outputs[world] == reference) continue;
    // The first line that differs: what the guest could tell about the outside.
    std::istringstream a(reference), b(outputs[world]);
    std::string la, lb;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) {
    }
    fail(std::string("paths: the guest sees the outside (present vs ") + worldName(world) +
         "):\n  " + la + "\n  " + lb);
  }
  std::cout << "paths: " << std::count(reference.begin(), reference.end(), '\n')
            << " calls, the same answers in 3 worlds\n";
}

// Runs `sable run GUEST stdio` with stdout a file, stdin a pipe and stderr a file, all of them
// descriptions this process keeps: their flags must come back, the file must be intact.
void stdioAttack(const std::string& sable, const std::string& wasm, const std::string& root) {
  const std::string outPath = root + ".stdio-output", errPath = root + ".stdio-errors";
  writeFile(outPath, "KEEP\n");
  const timespec times[2] = {kOldAtime, kOldMtime};
  ::utimensat(AT_FDCWD, outPath.c_str(), times, 0);
  int out = ::open(outPath.c_str(), O_WRONLY | O_CLOEXEC);
  ::lseek(out, 0, SEEK_END);
  int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int pipeFds[2];
  if (out < 0 || err < 0 || ::pipe2(pipeFds, O_CLOEXEC) != 0) {
    fail("stdio: cannot set up the descriptors");
    return;
  }
  int status = runSable({sable, "run", wasm, "stdio"}, pipeFds[0], out, err);
  const std::string output = readAll(outPath);
  if (status != 0) fail("stdio: exit status " + std::to_string(status) + "\n" + readAll(errPath));
  for (auto [fd, what] : {std::pair{pipeFds[0], "stdin (a pipe)"},
                          std::pair{out, "stdout (a file)"}, std::pair{err, "stderr (a file)"}}) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags & (O_NONBLOCK | O_APPEND)) {
      fail(std::string("stdio: the guest's O_NONBLOCK/O_APPEND stayed on the host's ") + what);
    }
  }
  for (const char* line :
       {"set O_NONBLOCK|O_APPEND on stdout: ok", "ftruncate stdout: ", "posix_fallocate stdout: ",
        "lseek stdout: ", "futimens stdout: ", "pwrite stdout: ", "lseek stdin: "}) {
    if (output.find(line) == std::string::npos) fail(std::string("stdio: no '") + line + "' line");
  }
  // Every attack on the file was refused: ENOTCAPABLE, which wasi-libc's lseek and pwrite
  // report as ESPIPE.
  std::istringstream lines(output.substr(5));
  for (std::string line; std::getline(lines, line);) {
    const bool refused = line.find("Capabilities insufficient") != std::string::npos ||
                         line.find("Invalid seek") != std::string::npos;
    if (line.rfind("set O_", 0) != 0 && !refused) fail("stdio: not refused: " + line);
  }
  if (output.rfind("KEEP\n", 0) != 0) fail("stdio: stdout lost what it held:\n" + output);
  if (output.find("OVERWRITTEN") != std::string::npos) fail("stdio: stdout was overwritten");
  struct stat st {};
  ::fstat(out, &st);
  if (static_cast<size_t>(st.st_size) != output.size()) fail("stdio: stdout was preallocated");
  if (st.st_mtim.tv_sec == 1234567890) fail("stdio: the guest set stdout's times");
  ::close(pipeFds[0]);
  ::close(pipeFds[1]);
  ::close(out);
  ::close(err);
  fs::remove(outPath);
  fs::remove(errPath);
  std::cout << "stdio: " << std::count(output.begin(), output.end(), '\n') - 1
            << " attacks refused or undone\n";
}

}  // namespace

int main(int argc, char** argv) {
  const bool pathsOnly = argc == 4 && std::strcmp(argv[3], "--paths-only") == 0;
  if (argc != 3 && !pathsOnly) {
    std::cerr << "usage: hostile_guest_test SABLE HOSTILE_GUEST.wasm [--paths-only]\n";
    return 2;
  }
  // On tmpfs when there is one (many small metadata changes); ROOT/mid/sandbox is the preopen.
  std::string tmpl = (fs::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0)
                         ? "/dev/shm/sable-hostile-guest-XXXXXX"
                         : "/tmp/sable-hostile-guest-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string root = tmpl;
  pathsAttack(argv[1], argv[2], root);
  if (!pathsOnly) stdioAttack(argv[1], argv[2], root);
  fs::remove_all(root);
  std::cout << (failures ? "FAILED\n" : "passed\n");
  return failures ? 1 : 0;
}
