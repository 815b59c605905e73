// wasi_testsuite: runs the WASI preview 1 conformance suite (../shared/wasi-testsuite) through
// `sable run`, the way an end user would run each program.
//
// usage: wasi_testsuite SABLE [--shared DIR] [--components] [--expected-failures FILE]
//                       [TEST-NAME...]
//
// --components runs the same programs wrapped as WASI 0.2 command components
// (../shared/wasi-testsuite-p2), through `sable run` alike.
// --expected-failures FILE names the tests known to fail, one "suite/name" a line, each followed
// by "# the reason" (blank lines and lines starting with '#' are comments). The run then passes
// when exactly those fail: a listed test that passes fails the run too, so the list stays true.
//
// For every NAME.wasm (with its optional NAME.json: args, env, dirs, exit_code, stdout) the
// test's whole folder is copied to a fresh temporary directory, so writes never leak between
// tests, and `SABLE run --dir D... --env K=V... NAME.wasm ARGS...` runs there. A test passes when
// the exit status and (if given) standard output match. Ends with "N passed, N failed"; exits 1
// if any failed, 77 (ctest's SKIP_RETURN_CODE) if the suite is not there.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "target_launcher.h"

namespace fs = std::filesystem;

namespace {

constexpr int kExitSkip = 77;
constexpr int kTimeoutSeconds = 60;
constexpr const char* kSuites[] = {"assemblyscript", "c", "rust"};

// What one run of the program gave.
struct Outcome {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
  bool timedOut = false;
};

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `argv` in `dir` with stdin from /dev/null and stdout/stderr captured in files (pipes
// could fill up while we wait).
Outcome runIn(const fs::path& dir, const std::vector<std::string>& argv) {
  Outcome o;
  fs::path outPath = dir / ".sable-stdout", errPath = dir / ".sable-stderr";
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int wstatus = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  while (::waitpid(pid, &wstatus, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &wstatus, 0);
      o.timedOut = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  o.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  o.out = readAll(outPath);
  o.err = readAll(errPath);
  return o;
}

void makeWritable(const fs::path& root) {
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_symlink()) {
      fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::add);
      if (entry.is_directory()) {
        fs::permissions(entry.path(), fs::perms::owner_exec, fs::perm_options::add);
      }
    }
  }
}

// The wrapped suite's one rule of its own (wasi-testsuite-p2/README.md): the adapter reports
// proc_exit(N) through wasi:cli/exit.exit(err), so an expected non-zero status is met by any
// non-zero status other than a trap's.
bool nonZeroWillDo(bool components, int want, int got) {
  constexpr int kTrapStatus = 134;
  return components && want != 0 && got != 0 && got != kTrapStatus;
}

// The tests FILE lists as known failures (see the usage above); an entry without a reason is an
// error (the empty set and a message).
bool readExpectedFailures(const fs::path& file, std::set<std::string>& out) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "wasi_testsuite: cannot read " << file.string() << "\n";
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t hash = line.find('#');
    std::string name = line.substr(0, line.find_first_of(" \t#"));
    if (hash == std::string::npos || line.find_first_not_of(" \t", hash + 1) == std::string::npos) {
      std::cerr << "wasi_testsuite: " << file.string() << ": no reason given for " << name << "\n";
      return false;
    }
    out.insert(name);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: wasi_testsuite SABLE [--shared DIR] [--components] "
                 "[--expected-failures FILE] [TEST-NAME...]\n";
    return 2;
  }
  const std::string sable = fs::absolute(argv[1]).string();
  std::string shared;
  if (const char* env = std::getenv("SABLE_SHARED_DIR")) shared = env;
#ifdef SABLE_WASI_DEFAULT_SHARED_DIR
  if (shared.empty()) shared = SABLE_WASI_DEFAULT_SHARED_DIR;
#endif
  std::set<std::string> only;
  bool components = false;
  std::set<std::string> expectedFailures;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--shared" && i + 1 < argc) {
      shared = argv[++i];
    } else if (a == "--expected-failures" && i + 1 < argc) {
      if (!readExpectedFailures(argv[++i], expectedFailures)) return 2;
    } else if (a == "--components") {
      components = true;
    } else {
      only.insert(a);
    }
  }
  const fs::path suiteRoot =
      fs::path(shared) / (components ? "wasi-testsuite-p2" : "wasi-testsuite");
  if (!fs::is_directory(suiteRoot)) {
    std::cout << "SKIPPED: WASI test suite not found at " << suiteRoot.string()
              << " (set SABLE_SHARED_DIR to the shared data directory)\n";
    return kExitSkip;
  }

  char tmpl[] = "/tmp/sable-wasi-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const fs::path scratch = tmpl;
  int passed = 0, failed = 0;
  std::vector<std::string> failures;
  for (const char* suite : kSuites) {
    const fs::path dir = suiteRoot / suite / "testsuite" / "wasm32-wasip1";
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> programs;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".wasm" && entry.is_regular_file()) {
        programs.push_back(entry.path());
      }
    }
    std::sort(programs.begin(), programs.end());
    for (const fs::path& program : programs) {
      const std::string name = program.stem().string();
      if (!only.empty() && !only.count(name)) continue;
      nlohmann::json spec = nlohmann::json::object();
      fs::path specPath = program;
      specPath.replace_extension(".json");
      if (fs::exists(specPath)) spec = nlohmann::json::parse(readAll(specPath));

      const fs::path work = scratch / (std::string(suite) + "-" + name);
      fs::copy(dir, work, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
      makeWritable(work);
      std::vector<std::string> cmd = {sable, "run"};
      // Named copies: ranging over items() of a temporary would dangle.
      const nlohmann::json dirs = spec.value("dirs", nlohmann::json::array());
      const nlohmann::json env = spec.value("env", nlohmann::json::object());
      const nlohmann::json args = spec.value("args", nlohmann::json::array());
      for (const auto& d : dirs) {
        cmd.push_back("--dir");
        cmd.push_back(d.get<std::string>());
      }
      for (const auto& [k, v] : env.items()) {
        cmd.push_back("--env");
        cmd.push_back(k + "=" + v.get<std::string>());
      }
      cmd.push_back(program.filename().string());
      for (const auto& a : args) {
        cmd.push_back(a.get<std::string>());
      }
      Outcome o = runIn(work, sable::test::withTargetLauncher(cmd));
      const int wantStatus = spec.value("exit_code", 0);
      std::string why;
      if (o.timedOut) {
        why = "timed out after " + std::to_string(kTimeoutSeconds) + " s";
      } else if (o.status != wantStatus && !nonZeroWillDo(components, wantStatus, o.status)) {
        why =
            "exit status " + std::to_string(o.status) + ", expected " + std::to_string(wantStatus);
      } else if (spec.contains("stdout") && o.out != spec["stdout"].get<std::string>()) {
        why = "stdout differs: got '" + o.out + "'";
      }
      if (why.empty()) {
        ++passed;
        std::cout << "PASS " << suite << "/" << name << "\n";
      } else {
        ++failed;
        failures.push_back(std::string(suite) + "/" + name);
        std::cout << "FAIL " << suite << "/" << name << ": " << why << "\n"
                  << "  stderr: " << o.err.substr(0, 2000) << "\n";
      }
      std::error_code ec;
      fs::remove_all(work, ec);
    }
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  bool asExpected = passed > 0;
  for (const std::string& f : failures) {
    const bool expected = expectedFailures.count(f) != 0;
    asExpected = asExpected && expected;
    std::cout << "failed: " << f << (expected ? " (expected)" : "") << "\n";
  }
  for (const std::string& e : expectedFailures) {
    const bool ran = only.empty() || only.count(e.substr(e.find('/') + 1));
    if (ran && std::find(failures.begin(), failures.end(), e) == failures.end()) {
      std::cout << "passed, but listed as an expected failure: " << e << "\n";
      asExpected = false;
    }
  }
  std::cout << passed << " passed, " << failed << " failed";
  if (!expectedFailures.empty()) std::cout << " (" << expectedFailures.size() << " expected)";
  std::cout << "\n";
  return asExpected ? 0 : 1;
}
