// The WASI path functions against hostile guests: every path_* function of preview 1, in each of
// its lookup modes, against every hostile spelling of a path (trailing `/`, `/.`, `//`, `..` at
// each position, absolute paths, symlinks relative, absolute, chained, dangling and looping,
// made by the host and by the guest, hard links of symlinks, magic links of /proc/self), for
// both resolvers (openat2 and the O_NOFOLLOW walk), called as a guest calls them: through
// defineWasi's host functions, with the path in linear memory.
//
// The preopen (ROOT/mid/sandbox) sits two levels below files, directories and symlinks the guest
// must never reach, all with old, fixed timestamps. Every case runs in three worlds that differ
// only outside the preopen (the outside entries present; absent; present with files and
// directories swapped), and the test asserts:
//  - nothing outside was read, created, changed or removed: the outside tree (types, sizes,
//    contents, link counts, inodes, atime, mtime, ctime) is the same after the cases as before.
//    Reads show up in the atime (it is set older than the mtime, so even relatime updates it);
//  - nothing outside was revealed: what the guest gets back (every errno of the case, file types,
//    sizes, link counts, bytes read, directory entries, link targets) is the same in the three
//    worlds, no outside inode number reaches the guest, and no outside file's contents or
//    directory entries appear in its memory;
//  - both resolvers give the same answers (the walk is the fallback of openat2, not a dialect).
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "host-wasi/wasi_context_impl.h"
#include "host-wasi/wasi_state.h"
#include "sable/sable.h"

namespace sable {
namespace {

namespace fs = std::filesystem;
using wasi::Resolver;

constexpr uint32_t kSandboxFd = 3, kProcFd = 4;
constexpr int32_t kSuccess = 0;
// WASI rights and flags the cases use.
constexpr uint64_t kRightRead = 1ull << 1, kRightSeek = 1ull << 2, kRightWrite = 1ull << 6,
                   kRightReaddir = 1ull << 14, kRightFdFilestatGet = 1ull << 21;
constexpr uint32_t kFollow = 1, kNoFollow = 0;
constexpr uint32_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8;
constexpr uint32_t kFstAtim = 1, kFstMtim = 4;

// Linear memory layout of a case: the guest's paths below kOutputs, what the host writes to the
// guest from kOutputs on (zeroed before and scanned after every case).
constexpr uint32_t kPathAt = 0, kPath2At = 2048, kOutputs = 4096, kFilestatAt = 4096, kFdAt = 4200,
                   kUsedAt = 4204, kIovAt = 4208, kLinkBufAt = 4352, kLinkBufLen = 512,
                   kReadBufAt = 5120, kReadBufLen = 512, kDirBufAt = 8192, kDirBufLen = 8192,
                   kOutputsEnd = kDirBufAt + kDirBufLen;

// The old, fixed times every outside entry gets: atime before mtime, so a read updates the atime
// even on relatime mounts.
constexpr timespec kOutsideAtime{1000000000, 111};
constexpr timespec kOutsideMtime{1000000001, 222};
// What the times-setting cases ask for.
constexpr uint64_t kGuestTimeNs = 1234567890ull * 1000000000ull;

// What outside files hold and outside directories list: must never reach the guest's memory.
constexpr const char* kSentinel = "ZZSENTINEL";
constexpr const char* kInnerName = "zzinner_marker";

// The three worlds: what lies outside the preopen.
enum class World { Present, Absent, Swapped };
constexpr World kWorlds[] = {World::Present, World::Absent, World::Swapped};
const char* worldName(World w) {
  return w == World::Present ? "present" : w == World::Absent ? "absent" : "swapped";
}

Value i32(uint32_t v) { return Value::i32(static_cast<int32_t>(v)); }
Value i64(uint64_t v) { return Value::i64(static_cast<int64_t>(v)); }

// A directory opened without touching its atime (O_NOATIME: we own it), listed.
std::vector<std::string> listNoAtime(const std::string& dir) {
  std::vector<std::string> names;
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOATIME | O_CLOEXEC);
  if (fd < 0) return names;
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    ::close(fd);
    return names;
  }
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
      names.emplace_back(e->d_name);
    }
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string readNoAtime(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOATIME | O_CLOEXEC);
  if (fd < 0) return "<unreadable>";
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n < 0 ? "<unreadable>" : std::string(buf, static_cast<size_t>(n));
}

std::string describeTimes(const timespec& t) {
  return std::to_string(t.tv_sec) + "." + std::to_string(t.tv_nsec);
}

// The outside tree as the guest must leave it: every entry under ROOT except the preopen's
// contents (and the preopen directory itself, whose times the guest may change), with all it
// could change. Read without updating any atime (O_NOATIME; symlinks are lstat-ed only, their
// target text cannot change without a new inode).
struct Snapshot {
  std::map<std::string, std::string> entries;
  std::set<uint64_t> inodes;

  bool operator==(const Snapshot& other) const { return entries == other.entries; }
  std::string diff(const Snapshot& after) const {
    std::string out;
    for (const auto& [path, was] : entries) {
      auto it = after.entries.find(path);
      if (it == after.entries.end()) {
        out += "  removed " + path + "\n";
      } else if (it->second != was) {
        out += "  changed " + path + ": " + was + " -> " + it->second + "\n";
      }
    }
    for (const auto& [path, now] : after.entries) {
      if (!entries.count(path)) out += "  created " + path + ": " + now + "\n";
    }
    return out;
  }
};

// ROOT/{zz_secret, zz_outside_dir/zzinner_marker, zz_link} and the same in ROOT/mid, around the
// preopen ROOT/mid/sandbox. The sandbox holds ordinary files and directories, and a symlink of
// every hostile kind (the host's; the guest makes its own through path_symlink and path_link).
class HostileTree {
 public:
  HostileTree() {
    // On tmpfs when there is one: tens of thousands of small metadata changes.
    std::string tmpl = (fs::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0)
                           ? "/dev/shm/sable-hostile-XXXXXX"
                           : "/tmp/sable-hostile-XXXXXX";
    root_ = ::mkdtemp(tmpl.data());
    fs::create_directories(sandbox());
    midFd_ = ::open(mid().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  ~HostileTree() {
    ::close(midFd_);
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  HostileTree(const HostileTree&) = delete;
  HostileTree& operator=(const HostileTree&) = delete;

  const std::string& root() const { return root_; }
  std::string mid() const { return root_ + "/mid"; }
  std::string sandbox() const { return root_ + "/mid/sandbox"; }
  // An fd the host process holds on ROOT/mid: reachable as /proc/self/fd/N.
  int midFd() const { return midFd_; }

  // Makes the outside what `world` says, with the fixed times.
  void buildOutside(World world) {
    for (const std::string& dir : {root_, mid()}) {
      for (const std::string& name : listNoAtime(dir)) {
        if (name != "mid" && name != "sandbox") fs::remove_all(dir + "/" + name);
      }
      if (world == World::Absent) continue;
      const bool swapped = world == World::Swapped;
      const std::string file = dir + (swapped ? "/zz_outside_dir" : "/zz_secret");
      const std::string directory = dir + (swapped ? "/zz_secret" : "/zz_outside_dir");
      write(file, std::string(kSentinel) + " " + dir);
      fs::create_directory(directory);
      write(directory + "/" + kInnerName, std::string(kSentinel) + " inner");
      fs::create_symlink(swapped ? "zz_outside_dir" : "zz_secret", dir + "/zz_link");
    }
    for (const auto& [path, _] : snapshotOutside().entries) setOldTimes(path);
  }

  // Empties the sandbox and makes the host's entries again.
  void buildSandbox() {
    for (const std::string& name : listNoAtime(sandbox())) fs::remove_all(sandbox() + "/" + name);
    write(sandbox() + "/file", "file contents");
    write(sandbox() + "/victim", "victim");
    fs::create_directories(sandbox() + "/sub/deeper");
    fs::create_directory(sandbox() + "/empty_dir");
    fs::create_directory(sandbox() + "/victim_dir");
    write(sandbox() + "/sub/inner", "inner");
    for (const auto& [name, target] : hostLinks())
      fs::create_symlink(target, sandbox() + "/" + name);
  }

  // The host's symlinks in the sandbox: name -> target.
  std::vector<std::pair<std::string, std::string>> hostLinks() const {
    // From ROOT/mid/sandbox up to "/".
    std::string toSlash;
    for (char c : sandbox()) {
      if (c == '/') toSlash += "../";
    }
    const std::string midAbs = mid();
    return {
        {"up_file", "../zz_secret"},
        {"up_dir", "../zz_outside_dir"},
        {"up_link", "../zz_link"},
        {"up_new", "../zz_new"},
        {"up2_file", "../../zz_secret"},
        {"up2_dir", "../../zz_outside_dir"},
        {"up_parent", ".."},
        {"up_parent2", "../.."},
        {"abs_file", midAbs + "/zz_secret"},
        {"abs_dir", midAbs + "/zz_outside_dir"},
        {"abs_new", midAbs + "/zz_new"},
        {"abs_root", root_},
        {"proc_root_file", "/proc/self/root" + midAbs + "/zz_secret"},
        {"proc_root_dir", "/proc/self/root" + midAbs + "/zz_outside_dir"},
        {"proc_fd_mid", "/proc/self/fd/" + std::to_string(midFd_)},
        {"rel_proc", toSlash + "proc/self/root" + midAbs + "/zz_outside_dir"},
        {"sub/deep_up", "../../zz_outside_dir"},
        {"chain_up1", "chain_up2"},
        {"chain_up2", "sub/../chain_up3"},
        {"chain_up3", "../zz_outside_dir"},
        {"chain_in1", "chain_in2"},
        {"chain_in2", "file"},
        {"in_dir", "sub"},
        {"in_file", "sub/inner"},
        {"in_updown", "sub/../file"},
        {"out_in", "../sandbox/file"},
        {"out_in_dir", "../sandbox/sub"},
        {"loop1", "loop2"},
        {"loop2", "loop1"},
        {"self", "self"},
        {"dangling", "missing"},
        {"dangling_dir", "missing_dir/"},
        {"trail_up", "../zz_outside_dir/"},
        {"dot_up", "../zz_outside_dir/."},
        {"dotdot_up", "sub/../.."},
    };
  }

  Snapshot snapshotOutside() const {
    Snapshot s;
    addToSnapshot(root_, s);
    return s;
  }

 private:
  static void write(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(fd);
  }
  static void setOldTimes(const std::string& path) {
    const timespec times[2] = {kOutsideAtime, kOutsideMtime};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
  }
  void addToSnapshot(const std::string& path, Snapshot& s) const {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return;
    std::string d = "mode=" + std::to_string(st.st_mode) + " nlink=" + std::to_string(st.st_nlink) +
                    " size=" + std::to_string(st.st_size) + " ino=" + std::to_string(st.st_ino) +
                    " atime=" + describeTimes(st.st_atim) + " mtime=" + describeTimes(st.st_mtim) +
                    " ctime=" + describeTimes(st.st_ctim);
    s.inodes.insert(st.st_ino);
    if (S_ISREG(st.st_mode)) d += " contents=" + readNoAtime(path);
    s.entries[path] = d;
    if (!S_ISDIR(st.st_mode)) return;
    for (const std::string& name : listNoAtime(path)) {
      if (path + "/" + name != sandbox()) addToSnapshot(path + "/" + name, s);
    }
  }

  std::string root_;
  int midFd_ = -1;
};

// A path the guest names: relative to one of its preopens.
struct Shape {
  uint32_t dir;
  std::string path;
  std::string key() const { return (dir == kProcFd ? "proc:" : "") + path; }
};

// The guest: WASI defined in a linker, a bound one-page memory, the sandbox and /proc/self
// preopened (fds 3 and 4), paths resolved with the resolver under test.
class Guest {
 public:
  Guest(const HostileTree& tree, Resolver resolver) {
    WasiConfig config;
    config.preopens = {{tree.sandbox(), "sandbox"}, {"/proc/self", "proc"}};
    config.inheritStdio = false;
    auto context = WasiContext::create(config);
    EXPECT_TRUE(context.ok()) << context.error().message;
    context_ = std::move(*context);
    WasiContextAccess::state(*context_).resolver = resolver;
    EXPECT_TRUE(defineWasi(linker_, store_, *context_).ok());
    memory_ = *Memory::create(store_, MemoryType{Limits{1, 1, true}});
    context_->bindMemory(*memory_);
  }

  // Calls wasi_snapshot_preview1.NAME; its errno.
  int32_t call(const char* name, std::vector<Value> args) {
    auto it = funcs_.find(name);
    if (it == funcs_.end()) {
      it = funcs_.emplace(name, *linker_.get(kWasiPreview1Module, name)->func()).first;
    }
    auto results = it->second.call(store_, args);
    EXPECT_TRUE(results.ok()) << name;
    return results.ok() ? (*results)[0].asI32() : -1;
  }

  // Puts `text` at `at`: the {ptr, len} arguments.
  std::pair<Value, Value> put(uint32_t at, const std::string& text) {
    std::memcpy(bytes().data() + at, text.data(), text.size());
    return {i32(at), i32(static_cast<uint32_t>(text.size()))};
  }
  uint32_t u32At(uint32_t at) { return load<uint32_t>(at); }
  uint64_t u64At(uint32_t at) { return load<uint64_t>(at); }
  std::span<uint8_t> bytes() { return memory_->data(); }

 private:
  template <typename T>
  T load(uint32_t at) {
    T v;
    std::memcpy(&v, bytes().data() + at, sizeof v);
    return v;
  }

  std::optional<Engine> engine_ = std::move(*Engine::create());
  Store store_{*engine_};
  Linker linker_;
  std::unique_ptr<WasiContext> context_;
  std::optional<Memory> memory_;
  std::unordered_map<std::string, Func> funcs_;
};

// Runs one case and describes what the guest got back. Records outside inode numbers that reach
// the guest in `leaks`.
class CaseRunner {
 public:
  CaseRunner(Guest& guest, const std::set<uint64_t>& outsideInodes, std::vector<std::string>& leaks)
      : g_(guest), outsideInodes_(outsideInodes), leaks_(leaks) {}

  // Every step appends "name=errno" (and what a success returned) to the result.
  std::string result;
  // Whether a step that can change the sandbox succeeded (the sandbox is then made again).
  bool changed = false;
  std::string caseKey;

  int32_t step(const char* name, std::vector<Value> args, bool mutating = false) {
    int32_t e = g_.call(name, std::move(args));
    result += std::string(name) + "=" + std::to_string(e) + " ";
    if (e == kSuccess && mutating) changed = true;
    return e;
  }

  // The filestat at kFilestatAt, without what differs between runs (device, inode, times).
  void filestat() {
    uint64_t ino = g_.u64At(kFilestatAt + 8);
    if (outsideInodes_.count(ino))
      leaks_.push_back(caseKey + ": outside inode " + std::to_string(ino));
    result += "{type=" + std::to_string(g_.bytes()[kFilestatAt + 16]) +
              " nlink=" + std::to_string(g_.u64At(kFilestatAt + 24)) +
              " size=" + std::to_string(g_.u64At(kFilestatAt + 32)) + "} ";
  }

  // What a guest does with an fd it opened: its metadata, its first bytes, its entries.
  void inspectFd(uint32_t fd) {
    if (step("fd_filestat_get", {i32(fd), i32(kFilestatAt)}) == kSuccess) filestat();
    std::memcpy(g_.bytes().data() + kIovAt, &kReadBufAt, 4);
    std::memcpy(g_.bytes().data() + kIovAt + 4, &kReadBufLen, 4);
    if (step("fd_read", {i32(fd), i32(kIovAt), i32(1), i32(kUsedAt)}) == kSuccess) {
      result += "{" + escaped(kReadBufAt, g_.u32At(kUsedAt)) + "} ";
    }
    if (step("fd_readdir", {i32(fd), i32(kDirBufAt), i32(kDirBufLen), i64(0), i32(kUsedAt)}) ==
        kSuccess) {
      result += "{" + direntNames(g_.u32At(kUsedAt)) + "} ";
    }
    step("fd_close", {i32(fd)});
  }

  std::string escaped(uint32_t at, uint32_t len) {
    std::string s;
    for (uint32_t i = 0; i < len; ++i) {
      char c = static_cast<char>(g_.bytes()[at + i]);
      s += (c >= 32 && c < 127) ? std::string(1, c) : "\\x" + std::to_string(uint8_t(c));
    }
    return s;
  }

 private:
  std::string direntNames(uint32_t used) {
    std::vector<std::string> names;
    for (uint32_t at = 0; at + 24 <= used;) {
      uint32_t namlen = g_.u32At(kDirBufAt + at + 16);
      uint64_t ino = g_.u64At(kDirBufAt + at + 8);
      std::string name = escaped(kDirBufAt + at + 24, std::min(namlen, used - at - 24));
      // The ".." of the preopen itself is its parent, outside, as on any POSIX system: its
      // inode number is the one thing about the outside fd_readdir passes on.
      if (outsideInodes_.count(ino) && name != "..") {
        leaks_.push_back(caseKey + ": outside inode in readdir");
      }
      names.push_back(name);
      at += 24 + namlen;
    }
    std::sort(names.begin(), names.end());
    std::string s;
    for (const std::string& n : names) s += n + ",";
    return s;
  }

  Guest& g_;
  const std::set<uint64_t>& outsideInodes_;
  std::vector<std::string>& leaks_;
};

// One path_* function in one mode, applied to a shape.
struct Operation {
  const char* name;
  std::function<void(CaseRunner&, Guest&, const Shape&)> run;
};

void pathOpen(CaseRunner& c, Guest& g, const Shape& s, uint32_t lookup, uint32_t oflags,
              uint64_t rights) {
  auto [p, n] = g.put(kPathAt, s.path);
  const bool mutating = oflags & (kOflagCreat | kOflagTrunc);
  if (c.step("path_open",
             {i32(s.dir), i32(lookup), p, n, i32(oflags), i64(rights), i64(0), i32(0), i32(kFdAt)},
             mutating) != kSuccess) {
    return;
  }
  uint32_t fd = g.u32At(kFdAt);
  if (rights & kRightWrite) {
    auto [b, bn] = g.put(kPath2At, "GUEST WROTE THIS");
    std::memcpy(g.bytes().data() + kIovAt, &kPath2At, 4);
    uint32_t len = bn.asI32();
    std::memcpy(g.bytes().data() + kIovAt + 4, &len, 4);
    (void)b;
    if (c.step("fd_write", {i32(fd), i32(kIovAt), i32(1), i32(kUsedAt)}) == kSuccess) {
      c.changed = true;
    }
  }
  c.inspectFd(fd);
}

void filestatGet(CaseRunner& c, Guest& g, const Shape& s, uint32_t lookup) {
  auto [p, n] = g.put(kPathAt, s.path);
  if (c.step("path_filestat_get", {i32(s.dir), i32(lookup), p, n, i32(kFilestatAt)}) == kSuccess) {
    c.filestat();
  }
}

void setTimes(CaseRunner& c, Guest& g, const Shape& s, uint32_t lookup) {
  auto [p, n] = g.put(kPathAt, s.path);
  c.step("path_filestat_set_times", {i32(s.dir), i32(lookup), p, n, i64(kGuestTimeNs),
                                     i64(kGuestTimeNs), i32(kFstAtim | kFstMtim)});
}

// A name-based call on the shape alone: path_create_directory and the like.
void onPath(CaseRunner& c, Guest& g, const Shape& s, const char* fn) {
  auto [p, n] = g.put(kPathAt, s.path);
  c.step(fn, {i32(s.dir), p, n}, /*mutating=*/true);
}

void readlink(CaseRunner& c, Guest& g, const Shape& s) {
  auto [p, n] = g.put(kPathAt, s.path);
  if (c.step("path_readlink",
             {i32(s.dir), p, n, i32(kLinkBufAt), i32(kLinkBufLen), i32(kUsedAt)}) == kSuccess) {
    c.result += "{" + c.escaped(kLinkBufAt, g.u32At(kUsedAt)) + "} ";
  }
}

// Two-path calls: the shape on one side, an ordinary sandbox name on the other.
void twoPaths(CaseRunner& c, Guest& g, const char* fn, const Shape& from, const Shape& to,
              std::optional<uint32_t> lookup) {
  auto [fp, fn_] = g.put(kPathAt, from.path);
  auto [tp, tn] = g.put(kPath2At, to.path);
  if (lookup) {
    c.step(fn, {i32(from.dir), i32(*lookup), fp, fn_, i32(to.dir), tp, tn}, true);
  } else {
    c.step(fn, {i32(from.dir), fp, fn_, i32(to.dir), tp, tn}, true);
  }
}

void symlinkTarget(CaseRunner& c, Guest& g, const Shape& s) {
  // The shape as the target of a guest symlink, then everything that follows that link.
  auto [t, tn] = g.put(kPath2At, s.path);
  auto [p, n] = g.put(kPathAt, "g_new");
  if (c.step("path_symlink", {t, tn, i32(kSandboxFd), p, n}) != kSuccess) return;
  for (const char* path : {"g_new", "g_new/", "g_new/.", "g_new/zz_secret"}) {
    Shape through{kSandboxFd, path};
    filestatGet(c, g, through, kFollow);
    filestatGet(c, g, through, kNoFollow);
    pathOpen(c, g, through, kFollow, 0, kRightRead | kRightReaddir | kRightFdFilestatGet);
    setTimes(c, g, through, kNoFollow);
  }
  // None of that changes the sandbox but for times: taking the link away restores it (cheaper
  // than making the sandbox again, which most of these cases would otherwise need).
  auto [u, un] = g.put(kPathAt, "g_new");
  if (g.call("path_unlink_file", {i32(kSandboxFd), u, un}) != kSuccess) c.changed = true;
}

std::vector<Operation> operations() {
  const uint64_t readRights = kRightRead | kRightSeek | kRightReaddir | kRightFdFilestatGet;
  const uint64_t writeRights = kRightRead | kRightWrite | kRightFdFilestatGet;
  const Shape victim{kSandboxFd, "victim"}, victimDir{kSandboxFd, "victim_dir"},
      file{kSandboxFd, "file"}, fresh{kSandboxFd, "fresh_name"};
  using C = CaseRunner;
  using G = Guest;
  using S = Shape;
  return {
      {"open_read_follow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kFollow, 0, readRights); }},
      {"open_read_nofollow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kNoFollow, 0, readRights); }},
      {"open_dir_follow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kFollow, kOflagDirectory, readRights); }},
      {"open_dir_nofollow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kNoFollow, kOflagDirectory, readRights); }},
      {"open_creat_follow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kFollow, kOflagCreat, writeRights); }},
      {"open_creat_nofollow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kNoFollow, kOflagCreat, writeRights); }},
      {"open_excl",
       [=](C& c, G& g, const S& s) {
         pathOpen(c, g, s, kNoFollow, kOflagCreat | kOflagExcl, writeRights);
       }},
      {"open_trunc_follow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kFollow, kOflagTrunc, writeRights); }},
      {"open_trunc_nofollow",
       [=](C& c, G& g, const S& s) { pathOpen(c, g, s, kNoFollow, kOflagTrunc, writeRights); }},
      {"filestat_follow", [](C& c, G& g, const S& s) { filestatGet(c, g, s, kFollow); }},
      {"filestat_nofollow", [](C& c, G& g, const S& s) { filestatGet(c, g, s, kNoFollow); }},
      {"set_times_follow", [](C& c, G& g, const S& s) { setTimes(c, g, s, kFollow); }},
      {"set_times_nofollow", [](C& c, G& g, const S& s) { setTimes(c, g, s, kNoFollow); }},
      {"readlink", [](C& c, G& g, const S& s) { readlink(c, g, s); }},
      {"create_directory",
       [](C& c, G& g, const S& s) { onPath(c, g, s, "path_create_directory"); }},
      {"remove_directory",
       [](C& c, G& g, const S& s) { onPath(c, g, s, "path_remove_directory"); }},
      {"unlink_file", [](C& c, G& g, const S& s) { onPath(c, g, s, "path_unlink_file"); }},
      {"rename_from",
       [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_rename", s, fresh, std::nullopt); }},
      {"rename_file_to",
       [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_rename", victim, s, std::nullopt); }},
      {"rename_dir_to",
       [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_rename", victimDir, s, std::nullopt); }},
      {"link_from_follow",
       [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_link", s, fresh, kFollow); }},
      {"link_from_nofollow",
       [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_link", s, fresh, kNoFollow); }},
      {"link_to", [=](C& c, G& g, const S& s) { twoPaths(c, g, "path_link", file, s, kNoFollow); }},
      {"symlink_at",
       [](C& c, G& g, const S& s) {
         auto [t, tn] = g.put(kPath2At, "file");
         auto [p, n] = g.put(kPathAt, s.path);
         c.step("path_symlink", {t, tn, i32(s.dir), p, n}, true);
       }},
      {"symlink_target", [](C& c, G& g, const S& s) { symlinkTarget(c, g, s); }},
  };
}

// The guest's own symlinks and hard links, made through path_symlink and path_link.
const std::vector<std::pair<std::string, std::string>> kGuestLinks = {
    {"g_up_file", "../zz_secret"},
    {"g_up_dir", "../zz_outside_dir"},
    {"g_up2_dir", "../../zz_outside_dir"},
    {"g_parent", ".."},
    {"g_sub_up", "sub/../../zz_outside_dir"},
    {"g_chain", "up_dir"},
    {"g_in", "sub"},
    {"g_loop", "g_loop"},
    {"g_dangling", "nothing"},
    {"g_trail", "../zz_outside_dir/"},
    {"g_dotdot_in", "sub/.."},
};
const std::vector<std::pair<std::string, std::string>> kGuestHardLinks = {
    {"up_dir", "g_hl_up_dir"}, {"up_file", "g_hl_up_file"}, {"file", "g_hl_file"}};

std::vector<Shape> shapes(const HostileTree& tree) {
  std::vector<std::string> names = {"file",      "sub",  "sub/deeper", "empty_dir",
                                    "missing",   ".",    "..",         "sub/..",
                                    "sub/../..", "./..", "../sandbox", "sub/deeper/../../.."};
  for (const auto& [name, _] : tree.hostLinks()) names.push_back(name);
  for (const auto& [name, _] : kGuestLinks) names.push_back(name);
  for (const auto& [_, name] : kGuestHardLinks) names.push_back(name);
  const std::vector<std::string> suffixes = {"",
                                             "/",
                                             "/.",
                                             "//",
                                             "/..",
                                             "/zz_secret",
                                             "/zz_outside_dir/",
                                             "/zzinner_marker",
                                             "/zz_new",
                                             "/../zz_secret"};
  std::vector<Shape> out;
  for (const std::string& n : names) {
    for (const std::string& s : suffixes) out.push_back({kSandboxFd, n + s});
  }
  for (std::string abs :
       {std::string("/"), std::string("//"), tree.mid() + "/zz_secret",
        tree.mid() + "/zz_outside_dir/", std::string("/proc/self/root/"), std::string("/tmp")}) {
    out.push_back({kSandboxFd, abs});
  }
  // Through the /proc/self preopen: magic links to the outside, alone and with every suffix.
  for (const std::string& n :
       {"root" + tree.mid() + "/zz_secret", "root" + tree.mid() + "/zz_outside_dir",
        "root" + tree.mid(), "fd/" + std::to_string(tree.midFd())}) {
    for (const std::string& s : suffixes) out.push_back({kProcFd, n + s});
  }
  // Some spellings come out twice ("sub" + "/.." and "sub/.." + ""): run each once.
  std::set<std::string> seen;
  std::erase_if(out, [&](const Shape& s) { return !seen.insert(s.key()).second; });
  return out;
}

bool outputsHold(Guest& g, const char* marker) {
  auto out = g.bytes().subspan(kOutputs, kOutputsEnd - kOutputs);
  std::string_view view(reinterpret_cast<const char*>(out.data()), out.size());
  return view.find(marker) != std::string_view::npos;
}

// What every case gave, by world: "operation shape" -> description.
using Results = std::map<std::string, std::string>;

// Prints at most `limit` of `items` under `title`; the count of the rest.
std::string listSome(const std::string& title, const std::vector<std::string>& items,
                     size_t limit = 40) {
  std::string s = title + ": " + std::to_string(items.size()) + "\n";
  for (size_t i = 0; i < items.size() && i < limit; ++i) s += "  " + items[i] + "\n";
  if (items.size() > limit) s += "  ... and " + std::to_string(items.size() - limit) + " more\n";
  return s;
}

class HostilePathsTest : public ::testing::TestWithParam<Resolver> {
 protected:
  // Makes the sandbox again: the host's entries, then the guest's links through its own calls.
  void rebuildSandbox(Guest& guest) {
    tree_.buildSandbox();
    for (const auto& [name, target] : kGuestLinks) {
      auto [t, tn] = guest.put(kPath2At, target);
      auto [p, n] = guest.put(kPathAt, name);
      ASSERT_EQ(guest.call("path_symlink", {t, tn, i32(kSandboxFd), p, n}), kSuccess) << name;
    }
    for (const auto& [from, to] : kGuestHardLinks) {
      auto [f, fn] = guest.put(kPathAt, from);
      auto [t, tn] = guest.put(kPath2At, to);
      ASSERT_EQ(
          guest.call("path_link", {i32(kSandboxFd), i32(kNoFollow), f, fn, i32(kSandboxFd), t, tn}),
          kSuccess)
          << to;
    }
  }

  // One case: its description. What it leaked goes to leaks_.
  std::string runCase(Guest& guest, const Operation& op, const Shape& shape,
                      const std::set<uint64_t>& inodes) {
    std::memset(guest.bytes().data(), 0, kOutputsEnd);
    CaseRunner c(guest, inodes, leaks_);
    c.caseKey = std::string(op.name) + " " + shape.key();
    op.run(c, guest, shape);
    for (const char* marker : {kSentinel, kInnerName}) {
      if (outputsHold(guest, marker)) leaks_.push_back(c.caseKey + ": outside data in memory");
    }
    if (c.changed) {
      rebuildSandbox(guest);
      ++rebuilds[op.name];
    }
    return c.result;
  }

  // Every case in `world`. Changes outside are looked for after each operation's batch of
  // cases; a batch that changed something runs again case by case to name the culprits.
  Results runWorld(Guest& guest, World world) {
    tree_.buildOutside(world);
    rebuildSandbox(guest);
    Results results;
    for (const Operation& op : operations_) {
      const Snapshot before = tree_.snapshotOutside();
      for (const Shape& s : shapes_) {
        results[std::string(op.name) + " " + s.key()] = runCase(guest, op, s, before.inodes);
      }
      if (tree_.snapshotOutside() == before) continue;
      for (const Shape& s : shapes_) {
        tree_.buildOutside(world);
        const Snapshot fresh = tree_.snapshotOutside();
        runCase(guest, op, s, fresh.inodes);
        const Snapshot after = tree_.snapshotOutside();
        if (!(after == fresh)) {
          changes_.push_back(std::string(worldName(world)) + ": " + op.name + " " + s.key() +
                             " changed the outside:\n" + fresh.diff(after));
        }
      }
      tree_.buildOutside(world);
    }
    return results;
  }

  HostileTree tree_;
  std::vector<Operation> operations_ = operations();
  std::vector<Shape> shapes_ = shapes(tree_);
  std::vector<std::string> leaks_, changes_;
  std::map<std::string, int> rebuilds;
};

TEST_P(HostilePathsTest, NothingOutsideIsReadRevealedOrChanged) {
  Guest guest(tree_, GetParam());
  std::map<World, Results> byWorld;
  for (World w : kWorlds) byWorld[w] = runWorld(guest, w);

  for (auto& [k, v] : rebuilds) std::printf("REBUILD %s %d\n", k.c_str(), v);
  const Results& reference = byWorld[World::Present];
  size_t succeeded = 0;
  for (const auto& [_, r] : reference) succeeded += r.find("=0 ") != std::string::npos;
  std::printf(
      "%zu operations x %zu path shapes = %zu cases in each of 3 worlds; %zu cases had a "
      "call succeed\n",
      operations_.size(), shapes_.size(), reference.size(), succeeded);
  std::vector<std::string> revealed;
  for (const auto& [key, present] : reference) {
    const std::string& absent = byWorld[World::Absent][key];
    const std::string& swapped = byWorld[World::Swapped][key];
    if (present != absent || present != swapped) {
      revealed.push_back(key + "\n      present: " + present + "\n      absent:  " + absent +
                         "\n      swapped: " + swapped);
    }
  }
  EXPECT_TRUE(changes_.empty()) << listSome("cases that changed the outside", changes_, 20);
  EXPECT_TRUE(revealed.empty()) << listSome("cases whose answer depends on the outside", revealed);
  EXPECT_TRUE(leaks_.empty()) << listSome("cases that leaked outside data", leaks_);

  // The cases did reach the host's code and answer ordinary requests (a test that only ever saw
  // EFAULT or EBADF would pass the checks above vacuously).
  auto expect = [&](const std::string& key, const std::string& prefix) {
    ASSERT_TRUE(reference.count(key)) << key;
    EXPECT_EQ(reference.at(key).substr(0, prefix.size()), prefix)
        << key << ": " << reference.at(key);
  };
  expect("open_read_follow file",
         "path_open=0 fd_filestat_get=0 {type=4 nlink=2 size=13} fd_read=0 {file contents}");
  expect("open_read_follow in_file", "path_open=0 fd_filestat_get=0 {type=4 nlink=1 size=5}");
  expect("open_dir_follow sub", "path_open=0 ");
  expect("filestat_nofollow in_dir/", "path_filestat_get=0 {type=3 ");
  expect("filestat_nofollow up_dir", "path_filestat_get=0 {type=7 ");
  expect("readlink up_file", "path_readlink=0 {../zz_secret}");
  expect("create_directory missing/", "path_create_directory=0 ");
  expect("unlink_file file", "path_unlink_file=0 ");
  expect("unlink_file file/", "path_unlink_file=54 ");
  expect("open_read_follow up_file", "path_open=63 ");

  // The walk answers exactly as openat2 does, case by case.
  if (GetParam() == Resolver::Walk) {
    Guest viaOpenat2(tree_, Resolver::Openat2);
    const Results expected = runWorld(viaOpenat2, World::Present);
    std::vector<std::string> differ;
    for (const auto& [key, viaWalk] : reference) {
      if (key.find(" proc:") != std::string::npos) continue;
      if (expected.at(key) != viaWalk) {
        differ.push_back(key + "\n      openat2: " + expected.at(key) +
                         "\n      walk:    " + viaWalk);
      }
    }
    EXPECT_TRUE(differ.empty()) << listSome("cases the walk answers unlike openat2", differ, 400);
  }
}

INSTANTIATE_TEST_SUITE_P(Resolvers, HostilePathsTest,
                         ::testing::Values(Resolver::Openat2, Resolver::Walk),
                         [](const auto& info) {
                           return info.param == Resolver::Walk ? "Walk" : "Openat2";
                         });

}  // namespace
}  // namespace sable
