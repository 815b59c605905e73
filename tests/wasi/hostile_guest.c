// hostile_guest: a WASI command that attacks its host, for tests/wasi/hostile_guest_test.cc.
// Built with clang-14 --target=wasm32-wasi and Debian's wasi-libc; the committed
// hostile_guest.wasm is used where that toolchain is missing (tests/wasi/CMakeLists.txt).
//
//   hostile_guest paths   (with --dir SANDBOX::pre, SANDBOX two levels below the directory that
//                          holds zz_secret and zz_outside_dir)
//     makes symlinks that climb out of its preopen (path_symlink accepts them: they are only
//     text) and names them with trailing slashes and dots in every call that takes a path,
//     printing one line per call: what it got back, never anything that differs with what lies
//     outside the preopen. Then the same calls on symlinks the host made in the preopen
//     (absolute, to /proc/self, looping, dangling).
//   hostile_guest stdio
//     turns on O_NONBLOCK and O_APPEND on its stdio and tries to truncate, preallocate, seek,
//     pwrite and set the times of stdout (a file, in the test), printing each errno to stdout.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char* typeName(mode_t mode) {
  return S_ISDIR(mode) ? "dir" : S_ISREG(mode) ? "file" : S_ISLNK(mode) ? "symlink" : "other";
}

// "ok" or the errno's name, for a call that returned `r` (< 0: failed with errno).
static void report(const char* call, const char* path, int r) {
  printf("%s %s: %s\n", call, path, r < 0 ? strerror(errno) : "ok");
}

static void statBoth(const char* path) {
  struct stat st;
  int r = lstat(path, &st);
  if (r == 0) {
    printf("lstat %s: ok %s\n", path, typeName(st.st_mode));
  } else {
    report("lstat", path, r);
  }
  r = stat(path, &st);
  if (r == 0) {
    printf("stat %s: ok %s\n", path, typeName(st.st_mode));
  } else {
    report("stat", path, r);
  }
}

static void listDirectory(const char* path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) {
    report("open-dir-nofollow", path, fd);
    return;
  }
  DIR* d = fdopendir(fd);
  int entries = 0;
  while (d && readdir(d)) ++entries;
  printf("open-dir-nofollow %s: ok %d entries\n", path, entries);
  if (d) closedir(d);
}

static void readFile(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    report("open-read", path, fd);
    return;
  }
  char buf[64] = {0};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  printf("open-read %s: ok %zd bytes\n", path, n);
  close(fd);
}

// Every call that takes a path, on `path`.
static void attack(const char* path) {
  statBoth(path);
  struct timespec times[2] = {{1234567890, 0}, {1234567890, 0}};
  report("utimensat-nofollow", path, utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW));
  report("utimensat", path, utimensat(AT_FDCWD, path, times, 0));
  char target[256];
  ssize_t n = readlink(path, target, sizeof target);
  report("readlink", path, n < 0 ? -1 : 0);
  report("link", path, link(path, "pre/hard"));
  unlink("pre/hard");
  listDirectory(path);
  report("mkdir", path, mkdir(path, 0755));
  report("unlink", path, unlink(path));
  report("rmdir", path, rmdir(path));
  report("rename", path, rename(path, "pre/renamed"));
  rename("pre/renamed", path);  // back, for the next attack (fails when the first one did)
}

static int paths(void) {
  // Directories and files one and two levels above the preopen, named by climbing links.
  const char* links[][2] = {
      {"../zz_outside_dir", "pre/up_dir"},    {"../../zz_outside_dir", "pre/up2_dir"},
      {"../zz_secret", "pre/up_file"},        {"..", "pre/up"},
      {"../zz_outside_dir/", "pre/up_slash"}, {"up_dir", "pre/chain"},
  };
  for (size_t i = 0; i < sizeof links / sizeof links[0]; ++i) {
    report("symlink", links[i][1], symlink(links[i][0], links[i][1]));
  }
  const char* suffixes[] = {"/", "//", "/.", "/./", "/.."};
  for (size_t i = 0; i < sizeof links / sizeof links[0]; ++i) {
    for (size_t j = 0; j < sizeof suffixes / sizeof suffixes[0]; ++j) {
      char path[128];
      snprintf(path, sizeof path, "%s%s", links[i][1], suffixes[j]);
      attack(path);
    }
    char inner[128];
    snprintf(inner, sizeof inner, "%s/zzinner_marker", links[i][1]);
    readFile(inner);
    statBoth(inner);
  }
  attack("pre/../zz_secret");
  readFile("pre/../zz_secret");
  // Symlinks the host put in the preopen before the run (hostile_guest_test.cc): absolute ones
  // to the outside and to /proc/self's magic links, a loop and a dangling one. "name/" first:
  // the bare name's attack unlinks the link.
  const char* hostLinks[] = {"pre/abs_file", "pre/abs_dir", "pre/proc_root",
                             "pre/proc_cwd", "pre/loop_a",  "pre/dangling"};
  for (size_t i = 0; i < sizeof hostLinks / sizeof hostLinks[0]; ++i) {
    char path[128];
    snprintf(path, sizeof path, "%s/", hostLinks[i]);
    attack(path);
    readFile(hostLinks[i]);
    attack(hostLinks[i]);
  }
  return 0;
}

static int stdio(void) {
  for (int fd = 0; fd <= 2; ++fd) {
    int flags = fcntl(fd, F_GETFL);
    report("set O_NONBLOCK|O_APPEND on",
           fd == 0   ? "stdin"
           : fd == 1 ? "stdout"
                     : "stderr",
           fcntl(fd, F_SETFL, flags | O_NONBLOCK | O_APPEND));
  }
  report("ftruncate", "stdout", ftruncate(1, 0));
  errno = posix_fallocate(1, 0, 1 << 20);
  report("posix_fallocate", "stdout", errno ? -1 : 0);
  report("lseek", "stdout", lseek(1, 0, SEEK_SET) < 0 ? -1 : 0);
  struct timespec times[2] = {{1234567890, 0}, {1234567890, 0}};
  report("futimens", "stdout", futimens(1, times));
  report("pwrite", "stdout", pwrite(1, "OVERWRITTEN", 11, 0) < 0 ? -1 : 0);
  report("lseek", "stdin", lseek(0, 0, SEEK_SET) < 0 ? -1 : 0);
  fflush(stdout);
  return 0;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc == 2 && strcmp(argv[1], "paths") == 0) return paths();
  if (argc == 2 && strcmp(argv[1], "stdio") == 0) return stdio();
  fprintf(stderr, "usage: hostile_guest paths|stdio\n");
  return 2;
}
