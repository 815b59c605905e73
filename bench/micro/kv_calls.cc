// sable-kvbench: key-value calls per second through the component boundary against the same
// calls made natively, side by side in one run, for each store URI given (default: memory).
//
// guest:  tests/component/inputs/kv-guest.wasm's bench-set / bench-get exports, each one call
//         that loops n times over wasi:keyvalue/store's bucket.set / bucket.get (16-byte keys
//         "key-000000000042", 1,000 distinct, 100-byte values), served by kv::addWasiKeyvalue;
// native: the same n Backend::set / Backend::get calls from C++ on the same backend;
// direct / middleware: kv-bench.wasm's bench-set / bench-get, the same n calls over the seed's
//         example:kv/kv-store, served by kv::addExampleKv directly or through kv-passthru.wasm,
//         a middleware component that only forwards (app <- middleware <- host store, linked by
//         cm::Linker::defineInstance as `sable run --plug` does): the guest-to-guest hop's cost.
// Each store is measured --reps times (all paths alternating, so load drifts hit them alike);
// the first table gives medians of wall-clock ops/s and of guest time / native time, in wall
// time and in this process's CPU time (1.0: no overhead); the second the same for the
// middleware against the direct kv-store calls (and the direct calls against native).
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
#include "sable/kv_example.h"
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

// How a guest reaches the store.
enum class Path {
  WasiKeyvalue,       // kv-guest.wasm -> wasi:keyvalue host functions
  ExampleKv,          // kv-bench.wasm -> example:kv/kv-store host functions
  ExampleKvThroughMw  // kv-bench.wasm -> kv-passthru.wasm -> example:kv/kv-store host functions
};

// Reports `why` and exits 1: a benchmark that cannot run has nothing to print.
[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "sable-kvbench: %s\n", why.c_str());
  std::exit(1);
}

// The value of `result`, or exit with its error.
template <typename T>
T orFail(sable::Result<T> result) {
  if (!result) fail(result.error().toString());
  return std::move(*result);
}
void orFail(const sable::Result<void>& result) {
  if (!result) fail(result.error().toString());
}

// A guest component, and the middleware it goes through, instantiated over one backend; its
// bench exports called with n.
class Guest {
 public:
  Guest(std::shared_ptr<sable::kv::Backend> backend, Path path)
      : path_(path), linker_(engine_), hostLinker_(engine_) {
    const sable::kv::ExampleKvOptions bucket{kBucket};
    if (path == Path::WasiKeyvalue) {
      orFail(sable::kv::addWasiKeyvalue(linker_, std::move(backend), {{kBucket}}));
    } else if (path == Path::ExampleKv) {
      orFail(sable::kv::addExampleKv(linker_, std::move(backend), bucket));
    } else {
      orFail(sable::kv::addExampleKv(hostLinker_, std::move(backend), bucket));
      middleware_ = orFail(hostLinker_.instantiate(store_, compile(SABLE_KV_PASSTHRU_WASM), "mw"));
      orFail(linker_.defineInstance(kInterface, *middleware_, kInterface));
    }
    const char* guest = path == Path::WasiKeyvalue ? SABLE_KV_GUEST_WASM : SABLE_KV_BENCH_WASM;
    instance_ = orFail(linker_.instantiate(store_, compile(guest), "app"));
  }

  // Calls bench-set (or bench-get) with n; exits when the guest reports an error (or, over
  // kv-store, when a get found fewer than n keys: bench-set runs first).
  void run(bool set, uint32_t n) {
    auto func = orFail(instance_->getFunc(set ? "bench-set" : "bench-get"));
    std::vector<sable::cm::Val> args = {sable::cm::Val::u32(n)};
    if (path_ == Path::WasiKeyvalue) args.insert(args.begin(), sable::cm::Val::string(kBucket));
    auto out = orFail(func.call(store_, args));
    if (path_ == Path::WasiKeyvalue && out[0].asString() != "ok")
      fail(std::string(set ? "bench-set: " : "bench-get: ") + std::string(out[0].asString()));
    if (path_ != Path::WasiKeyvalue && out[0].asU32() != n)
      fail(std::string(set ? "bench-set returned " : "bench-get found ") +
           std::to_string(out[0].asU32()) + " of " + std::to_string(n));
  }

 private:
  static constexpr const char* kInterface = "example:kv/kv-store";

  sable::cm::Component compile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    return orFail(sable::cm::Component::compile(engine_, bytes));
  }

  Path path_;
  sable::Engine engine_;
  sable::Store store_{engine_};
  sable::cm::Linker linker_;      // the guest's
  sable::cm::Linker hostLinker_;  // the middleware's
  std::optional<sable::cm::ComponentInstance> middleware_;
  std::optional<sable::cm::ComponentInstance> instance_;
};

// n sets (or gets) from C++; exits on a store error.
void runNative(sable::kv::Backend& backend, bool set, uint32_t n) {
  const std::string value(100, 'v');
  for (uint32_t i = 0; i < n; ++i) {
    std::string key = benchKey(i);
    bool ok = set ? backend.set(kBucket, key, value).ok() : backend.get(kBucket, key).ok();
    if (!ok) fail(std::string("native ") + (set ? "set" : "get") + " failed");
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

// The medians of one store and op: ops/s of each path and the time ratios the tables show.
struct Row {
  std::string store, op;
  double native = 0, wasi = 0, direct = 0, middleware = 0;  // ops/s
  double wasiWall = 0, wasiCpu = 0;                         // wasi:keyvalue / native
  double mwWall = 0, mwCpu = 0;                             // middleware / direct
  double directWall = 0;                                    // direct kv-store / native
};

// Measures one store: both ops, every path, --reps times alternating.
std::vector<Row> benchStore(const std::string& uri, const Options& o) {
  auto backend = sable::kv::openBackend(uri);
  if (!backend) fail(uri + ": " + backend.error().message);
  Guest wasi(*backend, Path::WasiKeyvalue);
  Guest direct(*backend, Path::ExampleKv);
  Guest middleware(*backend, Path::ExampleKvThroughMw);
  std::vector<Row> rows;
  for (bool set : {true, false}) {
    std::vector<double> native, viaWasi, viaDirect, viaMw, wasiWall, wasiCpu, mwWall, mwCpu,
        directWall;
    for (int r = 0; r < o.reps; ++r) {
      Timing n = timed([&] { runNative(**backend, set, o.ops); });
      Timing w = timed([&] { wasi.run(set, o.ops); });
      Timing d = timed([&] { direct.run(set, o.ops); });
      Timing m = timed([&] { middleware.run(set, o.ops); });
      native.push_back(o.ops / n.wall);
      viaWasi.push_back(o.ops / w.wall);
      viaDirect.push_back(o.ops / d.wall);
      viaMw.push_back(o.ops / m.wall);
      wasiWall.push_back(w.wall / n.wall);
      wasiCpu.push_back(w.cpu / n.cpu);
      mwWall.push_back(m.wall / d.wall);
      mwCpu.push_back(m.cpu / d.cpu);
      directWall.push_back(d.wall / n.wall);
    }
    rows.push_back({uri, set ? "set" : "get", median(native), median(viaWasi), median(viaDirect),
                    median(viaMw), median(wasiWall), median(wasiCpu), median(mwWall), median(mwCpu),
                    median(directWall)});
    std::fprintf(stderr, "sable-kvbench: %s %s done\n", uri.c_str(), set ? "set" : "get");
  }
  return rows;
}

// Prints the two tables: wasi:keyvalue vs native, and the middleware vs direct kv-store calls.
void printTables(const std::vector<Row>& rows) {
  std::printf(
      "wasi:keyvalue guest->host calls (kv-guest.wasm) vs native; ratio = guest / native\n\n"
      "| store | op | native ops/s | guest ops/s | ratio (wall) | ratio (CPU) |\n"
      "| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (const Row& r : rows)
    std::printf("| %s | %s | %.0f | %.0f | %.2f | %.2f |\n", r.store.c_str(), r.op.c_str(),
                r.native, r.wasi, r.wasiWall, r.wasiCpu);
  std::printf(
      "\nexample:kv/kv-store calls (kv-bench.wasm): direct to the host vs through a middleware "
      "(kv-passthru.wasm); ratio = middleware / direct\n\n"
      "| store | op | direct ops/s | middleware ops/s | ratio (wall) | ratio (CPU) | "
      "direct / native (wall) |\n"
      "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
  for (const Row& r : rows)
    std::printf("| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f |\n", r.store.c_str(), r.op.c_str(),
                r.direct, r.middleware, r.mwWall, r.mwCpu, r.directWall);
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
  std::printf("%u ops per measurement, median of %d\n\n", o.ops, o.reps);
  std::vector<Row> rows;
  for (const std::string& uri : o.uris) {
    auto store = benchStore(uri, o);
    rows.insert(rows.end(), store.begin(), store.end());
  }
  printTables(rows);
  return 0;
}
