// wasi:io/poll: pollables are ready at once (output streams, closed inputs), at a monotonic
// deadline, or when an fd is; poll blocks in one ppoll over all of them.
#include <poll.h>

#include <cerrno>
#include <ctime>
#include <limits>
#include <vector>

#include "fd_io.h"
#include "monotonic.h"
#include "val_util.h"

namespace sable::wasip2 {
namespace {

bool isReady(const Pollable& p, uint64_t nowNs) {
  switch (p.kind) {
    case Pollable::Kind::Ready:
      return true;
    case Pollable::Kind::Deadline:
      return nowNs >= p.deadlineNs;
    case Pollable::Kind::FdReadable:
      return fdReady(p.fd, POLLIN);
    case Pollable::Kind::FdWritable:
      return fdReady(p.fd, POLLOUT);
  }
  return true;
}

// The indices of the ready pollables.
std::vector<uint32_t> readyIndices(const std::vector<Pollable*>& ps) {
  std::vector<uint32_t> ready;
  uint64_t now = monotonicNowNs();
  for (size_t i = 0; i < ps.size(); ++i) {
    if (isReady(*ps[i], now)) ready.push_back(static_cast<uint32_t>(i));
  }
  return ready;
}

// Waits until one of `ps` may be ready: one ppoll over their fds, until the nearest deadline.
void waitForAny(const std::vector<Pollable*>& ps) {
  std::vector<pollfd> fds;
  uint64_t deadline = std::numeric_limits<uint64_t>::max();
  for (const Pollable* p : ps) {
    if (p->kind == Pollable::Kind::Deadline && p->deadlineNs < deadline) deadline = p->deadlineNs;
    if (p->kind == Pollable::Kind::FdReadable) fds.push_back(pollfd{p->fd, POLLIN, 0});
    if (p->kind == Pollable::Kind::FdWritable) fds.push_back(pollfd{p->fd, POLLOUT, 0});
  }
  timespec timeout{};
  timespec* t = nullptr;
  if (deadline != std::numeric_limits<uint64_t>::max()) {
    uint64_t now = monotonicNowNs();
    uint64_t wait = deadline > now ? deadline - now : 0;
    timeout.tv_sec = static_cast<time_t>(wait / 1'000'000'000);
    timeout.tv_nsec = static_cast<long>(wait % 1'000'000'000);
    t = &timeout;
  }
  if (fds.empty() && !t) return;  // nothing could ever become ready: do not hang forever
  (void)::ppoll(fds.data(), fds.size(), t, nullptr);
}

// Blocks until at least one of `ps` is ready; their indices.
std::vector<uint32_t> pollAll(const std::vector<Pollable*>& ps) {
  for (;;) {
    std::vector<uint32_t> ready = readyIndices(ps);
    if (!ready.empty()) return ready;
    waitForAny(ps);
  }
}

Result<std::vector<Pollable*>> pollables(HostContext& hcx, Context::Impl& cx, Args handles) {
  std::vector<Pollable*> ps;
  for (const Val& h : handles) {
    Result<Pollable*> p = objectOf<Pollable>(hcx, cx, cx.types.pollable, h);
    if (!p) return p.error();
    ps.push_back(*p);
  }
  return ps;
}

}  // namespace

void definePoll(Bindings& b) {
  Context::Impl* cx = &b.context();
  const std::string_view s = iface::kPoll;
  cx->types.pollable = b.resource(s, "pollable");
  b.func(s, "[method]pollable.ready",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           Result<std::vector<Pollable*>> ps = pollables(hcx, *cx, args.first(1));
           if (!ps) return ps.error();
           results[0] = Val::boolean(!readyIndices(*ps).empty());
           return {};
         });
  b.func(s, "[method]pollable.block", [cx](HostContext& hcx, Args args, Results) -> Result<void> {
    Result<std::vector<Pollable*>> ps = pollables(hcx, *cx, args.first(1));
    if (!ps) return ps.error();
    (void)pollAll(*ps);
    return {};
  });
  b.func(s, "poll", [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
    if (args[0].elements().empty()) return guestTrap("poll of an empty list");
    Result<std::vector<Pollable*>> ps = pollables(hcx, *cx, args[0].elements());
    if (!ps) return ps.error();
    std::vector<Val> out;
    for (uint32_t i : pollAll(*ps)) out.push_back(Val::u32(i));
    results[0] = Val::list(std::move(out));
    return {};
  });
}

}  // namespace sable::wasip2
