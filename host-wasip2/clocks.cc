// wasi:clocks: wall-clock (CLOCK_REALTIME as a datetime) and monotonic-clock (CLOCK_MONOTONIC
// nanoseconds), whose subscriptions are deadline pollables.
#include <ctime>
#include <limits>

#include "monotonic.h"
#include "val_util.h"

namespace sable::wasip2 {
namespace {

constexpr std::string_view kWall = "wasi:clocks/wall-clock@0.2.0";
constexpr std::string_view kMonotonic = "wasi:clocks/monotonic-clock@0.2.0";

Val datetime(const timespec& t) {
  return Val::record({{"seconds", Val::u64(static_cast<uint64_t>(t.tv_sec))},
                      {"nanoseconds", Val::u32(static_cast<uint32_t>(t.tv_nsec))}});
}

uint64_t nanoseconds(const timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(t.tv_nsec);
}

cm::HostContextFunc constant(Val v) {
  return [v](HostContext&, Args, Results results) -> Result<void> {
    results[0] = v;
    return {};
  };
}

// A deadline pollable at `deadlineNs`.
Result<void> subscribe(HostContext& hcx, Context::Impl& cx, uint64_t deadlineNs, Results results) {
  Result<Val> h =
      newObject(hcx, cx, cx.types.pollable, Pollable{Pollable::Kind::Deadline, deadlineNs, -1});
  if (!h) return h.error();
  results[0] = std::move(*h);
  return {};
}

void defineWall(Bindings& b) {
  b.func(kWall, "now", [](HostContext&, Args, Results results) -> Result<void> {
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    results[0] = datetime(t);
    return {};
  });
  timespec res{};
  clock_getres(CLOCK_REALTIME, &res);
  b.func(kWall, "resolution", constant(datetime(res)));
}

}  // namespace

uint64_t monotonicNowNs() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return nanoseconds(t);
}

void defineClocks(Bindings& b) {
  defineWall(b);
  Context::Impl* cx = &b.context();
  b.func(kMonotonic, "now", [](HostContext&, Args, Results results) -> Result<void> {
    results[0] = Val::u64(monotonicNowNs());
    return {};
  });
  timespec res{};
  clock_getres(CLOCK_MONOTONIC, &res);
  b.func(kMonotonic, "resolution", constant(Val::u64(nanoseconds(res))));
  b.func(kMonotonic, "subscribe-instant",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           return subscribe(hcx, *cx, args[0].asU64(), results);
         });
  b.func(kMonotonic, "subscribe-duration",
         [cx](HostContext& hcx, Args args, Results results) -> Result<void> {
           uint64_t now = monotonicNowNs();
           uint64_t d = args[0].asU64();
           uint64_t when = d > std::numeric_limits<uint64_t>::max() - now
                               ? std::numeric_limits<uint64_t>::max()
                               : now + d;
           return subscribe(hcx, *cx, when, results);
         });
}

}  // namespace sable::wasip2
