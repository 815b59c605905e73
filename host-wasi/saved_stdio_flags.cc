#include "host-wasi/saved_stdio_flags.h"

#include <fcntl.h>
#include <unistd.h>

namespace sable::wasi {
namespace {

// What fd_fdstat_set_flags can change on a host descriptor.
constexpr int kGuestSettable = O_APPEND | O_NONBLOCK;

}  // namespace

void SavedStdioFlags::save(int fd) {
  if (fd < 0 || fd >= static_cast<int>(saved_.size()) || saved_[fd].duplicate >= 0) return;
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return;
  int duplicate = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (duplicate < 0) return;
  saved_[fd] = Saved{duplicate, flags};
}

SavedStdioFlags::~SavedStdioFlags() {
  for (const Saved& s : saved_) {
    if (s.duplicate < 0) continue;
    int now = ::fcntl(s.duplicate, F_GETFL);
    if (now >= 0 && ((now ^ s.flags) & kGuestSettable) != 0) {
      ::fcntl(s.duplicate, F_SETFL, (now & ~kGuestSettable) | (s.flags & kGuestSettable));
    }
    ::close(s.duplicate);
  }
}

}  // namespace sable::wasi
