// sable-kvbench: key-value calls per second through the component boundary against the same
// calls made natively, side by side in one run, for each store URI given (default: memory).
//
// guest: tests/component/inputs/kv-guest.wasm's bench-set / bench-get exports, each one call
//        that loops n times over wasi:keyvalue/store's bucket.set / bucket.get (16-byte keys
//        "key-000000000042", 1,000 distinct, 100-byte values), served by kv::addWasiKeyvalue;
// native: the same n Backend::set / Backend::get calls from C++ on the same backend.
// Each store is measured --reps times (native and guest alternating, so load drifts hit both
// alike); the table gives medians of wall-clock ops/s and of guest time / native time, in wall
// time and in this process's CPU time (1.0: no overhead).
//
//   sable-kvbench [--ops N] [--reps R] [URI...]      bench/kv_bench.sh runs it on every store
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sable/component.h"
#include "sable/component_linker.h"
#include "sable/kv.h"
#include "sable/kv_wasi.h"
#include "sable/sable.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kBucket = "bench";

// What to measure.
struct Options {
  uint32_t ops = 2000;
  int reps = 3;
  std::vector<std::string> uris;
};

// The benchmark's key i: 16 bytes, as kvguest.c's bench_key writes it.
std::string benchKey(uint32_t i) {
  char key[17];
  std::snprintf(key, sizeof key, "key-%012u", i % 1000);
  return key;
}

// The guest instantiated over one backend, its bench exports called with n.
class Guest {
 public:
  explicit Guest(std::shared_ptr<sable::kv::Backend> backend) : linker_(engine_) {
    std::ifstream in(SABLE_KV_GUEST_WASM, std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    auto component = sable::cm::Component::compile(engine_, bytes);
    if (!component) fail(component.error().toString());
    if (auto added = sable::kv::addWasiKeyvalue(linker_, std::move(backend), {{kBucket}}); !added)
      fail(added.error().toString());
    auto instance = linker_.instantiate(store_, *component);
    if (!instance) fail(instance.error().toString());
    instance_.emplace(std::move(*instance));
  }

  // Calls `name` (bench-set or bench-get) with n; exits when the guest reports an error.
  void run(const char* name, uint32_t n) {
    auto func = instance_->getFunc(name);
    if (!func) fail(func.error().toString());
    std::vector<sable::cm::Val> args = {sable::cm::Val::string(kBucket), sable::cm::Val::u32(n)};
    auto out = func->call(store_, args);
    if (!out) fail(out.error().toString());
    if ((*out)[0].asString() != "ok")
      fail(std::string(name) + ": " + std::string((*out)[0].asString()));
  }

 private:
  [[noreturn]] static void fail(const std::string& why) {
    std::fprintf(stderr, "sable-kvbench: %s\n", why.c_str());
    std::exit(1);
  }
  sable::Engine engine_;
  sable::Store store_{engine_};
  sable::cm::Linker linker_;
  std::optional<sable::cm::ComponentInstance> instance_;
};

// n sets (or gets) from C++; exits on a store error.
void runNative(sable::kv::Backend& backend, bool set, uint32_t n) {
  const std::string value(100, 'v');
  for (uint32_t i = 0; i < n; ++i) {
    std::string key = benchKey(i);
    bool ok = set ? backend.set(kBucket, key, value).ok() : backend.get(kBucket, key).ok();
    if (!ok) {
      std::fprintf(stderr, "sable-kvbench: native %s failed\n", set ? "set" : "get");
      std::exit(1);
    }
  }
}

// The process's CPU time in seconds (all threads).
double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// How long `work` took: wall-clock seconds (what a caller waits, I/O included) and this
// process's CPU seconds (what the call costs here; steadier on a loaded machine).
struct Timing {
  double wall = 0;
  double cpu = 0;
};

template <typename F>
Timing timed(F&& work) {
  auto start = Clock::now();
  double cpuStart = cpuSeconds();
  work();
  return {std::chrono::duration<double>(Clock::now() - start).count(), cpuSeconds() - cpuStart};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Measures one store and prints its two table rows.
void benchStore(const std::string& uri, const Options& o) {
  auto backend = sable::kv::openBackend(uri);
  if (!backend) {
    std::fprintf(stderr, "sable-kvbench: %s: %s\n", uri.c_str(), backend.error().message.c_str());
    std::exit(1);
  }
  Guest guest(*backend);
  for (const char* op : {"set", "get"}) {
    const bool set = std::strcmp(op, "set") == 0;
    std::vector<double> native, viaGuest, ratio, cpuRatio;
    for (int r = 0; r < o.reps; ++r) {
      Timing n = timed([&] { runNative(**backend, set, o.ops); });
      Timing g = timed([&] { guest.run(set ? "bench-set" : "bench-get", o.ops); });
      native.push_back(o.ops / n.wall);
      viaGuest.push_back(o.ops / g.wall);
      ratio.push_back(g.wall / n.wall);
      cpuRatio.push_back(g.cpu / n.cpu);
    }
    std::printf("| %s | %s | %.0f | %.0f | %.2f | %.2f |\n", uri.c_str(), op, median(native),
                median(viaGuest), median(ratio), median(cpuRatio));
    std::fflush(stdout);
  }
}

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--ops" || arg == "--reps") && i + 1 < argc) {
      long v = std::strtol(argv[++i], nullptr, 10);
      if (v <= 0) {
        std::fprintf(stderr, "sable-kvbench: %s takes a positive number\n", arg.c_str());
        std::exit(2);
      }
      if (arg == "--ops")
        o.ops = static_cast<uint32_t>(v);
      else
        o.reps = static_cast<int>(v);
    } else {
      o.uris.push_back(arg);
    }
  }
  if (o.uris.empty()) o.uris.push_back("memory");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parseOptions(argc, argv);
  std::printf("%u ops per measurement, median of %d; ratio = guest time / native time\n\n", o.ops,
              o.reps);
  std::printf(
      "| store | op | native ops/s | guest ops/s | ratio (wall) | ratio (CPU) |\n"
      "| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (const std::string& uri : o.uris) benchStore(uri, o);
  return 0;
}
