// Engine: the root object of an embedding. It owns the code generator, the signature registry
// and the runtime helper table; modules are compiled for one engine and stores run them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "sable/result.h"
#include "sable/types.h"

namespace sable {

// How linear-memory accesses are kept in bounds.
enum class MemoryBoundsMode : uint8_t {
  GuardPages,  // large reservations; out-of-bounds accesses fault and become traps (fastest)
  Explicit,    // every access is compared against the current size (no big reservations)
};

// Engine-wide settings. There is no global state, so a daemon may host several engines with
// different settings side by side.
struct EngineConfig {
  // Threads to compile function bodies on, the calling thread included (0 = one per core).
  // The helper threads belong to the engine. With 0 they start on the first module with
  // 64 KiB of code or more (starting a thread costs about what it saves on less) and then
  // serve modules of any size; a module too small to split always compiles on the calling
  // thread alone. The machine code is the same for any value.
  uint32_t compileThreads = 0;
  MemoryBoundsMode memoryBoundsMode = MemoryBoundsMode::GuardPages;
  // GuardPages mode, when a memory's 8 GiB reservation cannot be made (a small `ulimit -v`, a
  // host short of address space): false (the default) makes that memory explicitly
  // bounds-checked instead, and the instances using it run an explicit-bounds compilation of
  // their module, generated on first need (once per module) and kept with it. True fails the
  // memory's creation (ErrorKind::ResourceExhausted) instead, for embedders that want every
  // access to carry no bounds check or the instance not to exist.
  bool guardPagesOnly = false;
  // Native stack wasm code may use per host-to-wasm entry before trapping with "call stack
  // exhausted" (clamped to what the thread's stack really has).
  uint64_t maxWasmStackBytes = uint64_t{1} << 20;
  // Generate code for the architecture's baseline instruction set only, ignoring optional
  // CPU features (x86-64: POPCNT, LZCNT, BMI, SSE4.1). For testing the fallback code paths
  // and for producing code that runs on any CPU of the architecture.
  bool baselineIsa = false;
  // False: the engine only decodes and validates (Module::compile generates no code and
  // modules cannot be instantiated). For validators, linters and fuzzers of the front end.
  bool generateCode = true;
  // GuardPages mode: how many released linear-memory reservations (8 GiB of address space
  // each, no memory) the engine keeps for later instances, which then skip the mmap/munmap.
  // Their pages are zeroed when given back. 0 disables the pool.
  uint32_t pooledMemoryReservations = 16;
  // Epoch interruption: compiled code traps with TrapKind::Interrupted at its next function
  // entry or loop header once the engine's epoch (incrementEpoch) has reached the store's
  // deadline (Store::setEpochDeadline). incrementEpoch does the comparison and flags the
  // store's instances, so each check costs one compare of a context word with zero (see the
  // README for the measured cost); without it code pays nothing.
  bool epochInterruption = false;
  // Fuel: compiled code counts the operators it executes against the store's budget
  // (Store::setFuel) and traps with TrapKind::FuelExhausted when it runs out. Deterministic:
  // the same call on the same inputs consumes the same fuel on every machine. A store starts
  // with no fuel. Without it code pays nothing.
  bool consumeFuel = false;
  // Linux perf: every compiled function is listed in /tmp/perf-<pid>.map (start, size, the
  // name a backtrace shows), so `perf record` + `perf report` name wasm functions. Engine::create
  // fails with an Io error when the file cannot be opened.
  bool perfMap = false;
};

// The code generator and the per-engine tables every module and store of it shares.
//
// A cheap, copyable handle to a shared engine: copies are the same engine, and every Module
// and Store made with it holds such a copy, so the engine lives as long as the last of them.
// Dropping the handle the embedder created is always safe. Thread-safe.
class Engine {
 public:
  // Creates the engine's code generator. If that fails (no JIT back end for this CPU, no
  // executable memory), the engine still decodes and validates modules but cannot instantiate
  // them; codeEngineError() says why. Prefer create(), which reports the failure instead.
  explicit Engine(EngineConfig config = {});

  // An engine with a working code generator, or the reason there is none.
  static Result<Engine> create(EngineConfig config = {});

  // The settings the engine was made with.
  const EngineConfig& config() const;

  // Why the engine has no code generator (modules are then only validated), or nullopt.
  const std::optional<Error>& codeEngineError() const;

  // Advances the engine-wide epoch by one. Thread-safe, meant to be called from a timer
  // thread; not signal-safe (it takes a mutex and visits every store with a deadline). Stores
  // whose epoch deadline this reaches trap with TrapKind::Interrupted at their next check
  // (EngineConfig::epochInterruption).
  void incrementEpoch();
  // The engine-wide epoch: the number of incrementEpoch calls so far.
  uint64_t currentEpoch() const;

  // True when both handles are the same engine.
  friend bool operator==(const Engine& a, const Engine& b) { return a.impl_ == b.impl_; }

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Impl;              // defined in runtime/engine_impl.h

  explicit Engine(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<Impl> impl_;
};

}  // namespace sable
