// examples/embed: how a firmware daemon embeds Sable. It loads a module, gives it one host
// function, calls its exports in a loop, and survives a trap in the guest: the trap is an error
// value, reported, and the daemon goes on with the next round.
//
//   embed MODULE.wasm [ROUNDS]
#include <sable/sable.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What the daemon keeps for its guest: the store's data, which host functions reach through
// their Caller.
struct SensorLog {
  int readings = 0;
};

// The host function the guest imports as host.read_sensor, (i32) -> (i32) as deduced from the
// lambda: a deterministic fake sensor that counts its readings.
sable::Func makeSensor(sable::Store& store) {
  return sable::Func::wrap(store, [](sable::Caller& caller, int32_t channel) {
    ++static_cast<SensorLog*>(caller.data())->readings;
    return channel * 10 + 5;
  });
}

// The export `name` as a typed function of signature `Signature`, checked once here.
template <typename Signature>
sable::Result<sable::TypedFunc<Signature>> typedExport(const sable::Store& store,
                                                       const sable::Instance& instance,
                                                       const char* name) {
  std::optional<sable::Func> func = instance.getFunc(name);
  if (!func) {
    return sable::Error{sable::ErrorKind::Usage, sable::Error::kNoOffset,
                        std::string("the module must export the function `") + name + "`"};
  }
  return func->typed<Signature>(store);
}

int fail(const char* what, const sable::Error& error) {
  std::fprintf(stderr, "embed: %s: %s\n", what, error.toString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: embed MODULE.wasm [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::printf("Sable %s (commit %s)\n", SABLE_VERSION_STRING, SABLE_GIT_COMMIT);

  sable::Result<sable::Engine> engine = sable::Engine::create();
  if (!engine) return fail("engine", engine.error());
  const std::vector<uint8_t> bytes = readFile(argv[1]);
  sable::Result<sable::Module> module = sable::Module::compile(*engine, bytes);
  if (!module) return fail(argv[1], module.error());

  SensorLog log;
  sable::Store store(*engine);
  store.setData(&log);
  sable::Linker linker;
  linker.define("host", "read_sensor", makeSensor(store));
  sable::Result<sable::Instance> instance = linker.instantiate(store, *module);
  if (!instance) return fail("instantiate", instance.error());
  auto sample = typedExport<int32_t(int32_t)>(store, *instance, "sample");
  if (!sample) return fail("sample", sample.error());
  auto average = typedExport<int32_t(int32_t)>(store, *instance, "average");
  if (!average) return fail("average", average.error());

  int traps = 0;
  for (int round = 0; round < rounds; ++round) {
    // Round 0 averages over zero samples: the guest divides by zero and traps.
    for (int channel = 0; channel < round; ++channel) {
      sable::Result<int32_t> reading = sample->call(store, channel);
      if (!reading) return fail("sample", reading.error());
    }
    sable::Result<int32_t> mean = average->call(store, round);
    if (!mean) {
      ++traps;
      // The message's first line names the trap; a wasm backtrace follows it.
      const std::string& message = mean.error().message;
      std::printf("round %d: guest trapped (%s); carrying on\n", round,
                  message.substr(0, message.find('\n')).c_str());
      continue;
    }
    std::printf("round %d: average %d\n", round, *mean);
  }
  std::printf("done: %d rounds, %d trap(s)\n", rounds, traps);
  std::printf("sensor readings served: %d\n", log.readings);
  return 0;
}
