// examples/embed: how a firmware daemon embeds Sable. It loads a module, gives it one host
// function, calls its exports in a loop, and survives a trap in the guest: the trap is an error
// value, reported, and the daemon goes on with the next round.
//
//   embed MODULE.wasm [ROUNDS]
#include <sable/sable.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> readFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The host function the guest imports as host.read_sensor: a deterministic fake sensor.
sable::Func makeSensor(sable::Store& store) {
  const sable::ValType params[] = {sable::ValType::I32};
  const sable::ValType results[] = {sable::ValType::I32};
  return sable::Func::host(store, sable::FuncType(params, results),
                           [](std::span<const sable::Value> args, std::span<sable::Value> out) {
                             out[0] = sable::Value::i32(args[0].asI32() * 10 + 5);
                             return sable::Result<void>{};
                           });
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

  auto engine = sable::Engine::create();
  if (!engine) return fail("engine", engine.error());
  const std::vector<uint8_t> bytes = readFile(argv[1]);
  auto module = sable::Module::compile(*engine, bytes);
  if (!module) return fail(argv[1], module.error());

  sable::Store store(*engine);
  sable::Linker linker;
  linker.define("host", "read_sensor", makeSensor(store));
  auto instance = linker.instantiate(store, *module);
  if (!instance) return fail("instantiate", instance.error());
  auto sample = instance->getFunc("sample");
  auto average = instance->getFunc("average");
  if (!sample || !average) {
    std::fprintf(stderr, "embed: the module must export `sample` and `average`\n");
    return 1;
  }

  int traps = 0;
  for (int round = 0; round < rounds; ++round) {
    // Round 0 averages over zero samples: the guest divides by zero and traps.
    for (int channel = 0; channel < round; ++channel) {
      const sable::Value arg = sable::Value::i32(channel);
      auto reading = sample->call(store, std::span(&arg, 1));
      if (!reading) return fail("sample", reading.error());
    }
    const sable::Value count = sable::Value::i32(round);
    auto mean = average->call(store, std::span(&count, 1));
    if (!mean) {
      ++traps;
      // The message's first line names the trap; a wasm backtrace follows it.
      const std::string& message = mean.error().message;
      std::printf("round %d: guest trapped (%s); carrying on\n", round,
                  message.substr(0, message.find('\n')).c_str());
      continue;
    }
    std::printf("round %d: average %d\n", round, (*mean)[0].asI32());
  }
  std::printf("done: %d rounds, %d trap(s)\n", rounds, traps);
  return 0;
}
