// Clocks, randomness and poll_oneoff.
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "host-wasi/wasi_functions.h"

namespace sable::wasi {
namespace {

// WASI clock ids are the POSIX ones' order: realtime, monotonic, process and thread CPU time.
std::optional<clockid_t> hostClock(uint32_t id) {
  switch (id) {
    case 0:
      return CLOCK_REALTIME;
    case 1:
      return CLOCK_MONOTONIC;
    case 2:
      return CLOCK_PROCESS_CPUTIME_ID;
    case 3:
      return CLOCK_THREAD_CPUTIME_ID;
    default:
      return std::nullopt;
  }
}

uint64_t toNanos(const struct timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Errno clock_res_get(WasiState& s, const Value* a) {
  auto clock = hostClock(u32(a[0]));
  if (!clock) return Errno::Inval;
  GuestMemory mem = s.guestMemory();
  if (!mem.inBounds(u32(a[1]), 8)) return Errno::Fault;
  struct timespec ts {};
  if (::clock_getres(*clock, &ts) != 0) return lastHostErrno();
  mem.store<uint64_t>(u32(a[1]), std::max<uint64_t>(toNanos(ts), 1));
  return Errno::Success;
}

Errno clock_time_get(WasiState& s, const Value* a) {
  auto clock = hostClock(u32(a[0]));
  if (!clock) return Errno::Inval;
  GuestMemory mem = s.guestMemory();
  if (!mem.inBounds(u32(a[2]), 8)) return Errno::Fault;
  struct timespec ts {};
  if (::clock_gettime(*clock, &ts) != 0) return lastHostErrno();
  mem.store<uint64_t>(u32(a[2]), toNanos(ts));  // the precision hint is advisory
  return Errno::Success;
}

Errno random_get(WasiState& s, const Value* a) {
  auto out = s.guestMemory().bytes(u32(a[0]), u32(a[1]));
  if (!out) return Errno::Fault;
  size_t done = 0;
  while (done < out->size()) {
    ssize_t n = ::getrandom(out->data() + done, out->size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return lastHostErrno();
    }
    done += static_cast<size_t>(n);
  }
  return Errno::Success;
}

Errno poll_oneoff(WasiState& s, const Value* a) {
  uint32_t in = u32(a[0]), out = u32(a[1]), nsubs = u32(a[2]), neventsPtr = u32(a[3]);
  GuestMemory mem = s.guestMemory();
  if (nsubs == 0) return Errno::Inval;
  if (!mem.inBounds(in, uint64_t{nsubs} * kSizeofSubscription) ||
      !mem.inBounds(out, uint64_t{nsubs} * kSizeofEvent) || !mem.inBounds(neventsPtr, 4)) {
    return Errno::Fault;
  }
  struct Event {
    uint64_t userdata;
    Errno error;
    uint8_t type;
    uint64_t nbytes;
  };
  std::vector<Event> ready;
  struct FdSub {
    uint64_t userdata;
    uint8_t type;
    size_t pollIndex;
  };
  std::vector<FdSub> fdSubs;
  std::vector<pollfd> pfds;
  struct ClockSub {
    uint64_t userdata;
    uint64_t deadline;  // relative, ns
  };
  std::vector<ClockSub> clocks;

  for (uint32_t i = 0; i < nsubs; ++i) {
    uint32_t p = in + i * kSizeofSubscription;
    uint64_t userdata = 0;
    uint8_t tag = 0;
    mem.load(p, userdata);
    mem.load(p + 8, tag);
    if (tag == kEventClock) {
      uint32_t id = 0;
      uint64_t timeout = 0;
      uint16_t flags = 0;
      mem.load(p + 16, id);
      mem.load(p + 24, timeout);
      mem.load(p + 40, flags);
      auto clock = hostClock(id);
      if (!clock) {
        ready.push_back({userdata, Errno::Inval, tag, 0});
        continue;
      }
      uint64_t rel = timeout;
      if (flags & kSubclockAbstime) {
        struct timespec now {};
        ::clock_gettime(*clock, &now);
        uint64_t n = toNanos(now);
        rel = timeout > n ? timeout - n : 0;
      }
      clocks.push_back({userdata, rel});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      uint32_t fd = 0;
      mem.load(p + 16, fd);
      FdEntry* e;
      if (Errno r = lookupFd(s, fd, rights::kPollFdReadwrite, e); r != Errno::Success) {
        ready.push_back({userdata, r, tag, 0});
        continue;
      }
      struct stat st {};
      if (::fstat(e->hostFd(), &st) == 0 && S_ISREG(st.st_mode)) {
        // Regular files are always ready; a read reports the bytes left after the offset.
        uint64_t left = 0;
        if (tag == kEventFdRead) {
          off_t pos = ::lseek(e->hostFd(), 0, SEEK_CUR);
          if (pos >= 0 && st.st_size > pos) left = static_cast<uint64_t>(st.st_size - pos);
        }
        ready.push_back({userdata, Errno::Success, tag, left});
        continue;
      }
      fdSubs.push_back({userdata, tag, pfds.size()});
      pfds.push_back({e->hostFd(), static_cast<short>(tag == kEventFdRead ? POLLIN : POLLOUT), 0});
    } else {
      return Errno::Inval;
    }
  }

  // Wait for the nearest clock, unless something is ready already.
  uint64_t wait = std::numeric_limits<uint64_t>::max();
  for (const ClockSub& c : clocks) wait = std::min(wait, c.deadline);
  if (!ready.empty()) wait = 0;
  struct timespec ts {};
  struct timespec* timeout = nullptr;
  if (wait != std::numeric_limits<uint64_t>::max()) {
    ts.tv_sec = static_cast<time_t>(std::min<uint64_t>(wait / 1000000000ull, 1ull << 40));
    ts.tv_nsec = static_cast<long>(wait % 1000000000ull);
    timeout = &ts;
  }
  int n;
  do {
    n = ::ppoll(pfds.data(), pfds.size(), timeout, nullptr);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return lastHostErrno();
  for (const FdSub& f : fdSubs) {
    const pollfd& pfd = pfds[f.pollIndex];
    if (pfd.revents == 0) continue;
    int avail = 0;
    if (f.type == kEventFdRead) ::ioctl(pfd.fd, FIONREAD, &avail);
    Errno err = (pfd.revents & POLLNVAL) ? Errno::Badf : Errno::Success;
    ready.push_back({f.userdata, err, f.type, static_cast<uint64_t>(std::max(avail, 0))});
  }
  if (ready.empty()) {
    for (const ClockSub& c : clocks) {
      if (c.deadline <= wait) ready.push_back({c.userdata, Errno::Success, kEventClock, 0});
    }
  }
  for (size_t i = 0; i < ready.size(); ++i) {
    uint32_t p = out + static_cast<uint32_t>(i) * kSizeofEvent;
    std::memset(mem.bytes(p, kSizeofEvent)->data(), 0, kSizeofEvent);
    mem.store<uint64_t>(p, ready[i].userdata);
    mem.store<uint16_t>(p + 8, static_cast<uint16_t>(ready[i].error));
    mem.store<uint8_t>(p + 10, ready[i].type);
    if (ready[i].type != kEventClock) {
      mem.store<uint64_t>(p + 16, ready[i].nbytes);
      // flags @24: fd_readwrite_hangup is not reported (ppoll's POLLHUP is folded into ready).
    }
  }
  mem.store<uint32_t>(neventsPtr, static_cast<uint32_t>(ready.size()));
  return Errno::Success;
}

}  // namespace sable::wasi
