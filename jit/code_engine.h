// What the runtime needs from the JIT: per-engine stubs (entering wasm from C++, calling host
// functions from wasm, unwinding traps) and compiling a module's functions to executable code.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "abi/bounds_mode.h"
#include "abi/vm.h"
#include "core/module_info.h"
#include "sable/result.h"

namespace sable::jit {

struct CompileOptions {
  vm::BoundsMode boundsMode = vm::BoundsMode::GuardPages;
  // Generate only baseline-ISA code (see arch::CodegenOptions::baselineIsa).
  bool baselineIsa = false;
  // Check the store's epoch deadline at function entries and loop headers.
  bool epochChecks = false;
  // Count executed operators against the store's fuel.
  bool consumeFuel = false;
  // Threads to compile function bodies on, the calling thread included (0 = one per core, but
  // the first helper threads start only for a module of 64 KiB of code or more). The machine
  // code is the same whatever this says.
  uint32_t threads = 1;
  // Work unit of parallel compilation: runs of consecutive functions of about this many body
  // bytes (0 = the default: kDefaultChunkBytes, more for big modules). A module smaller than
  // one unit compiles on the calling thread. Unlike `threads` it shapes the code layout (each
  // unit starts 16-byte aligned), so it is never derived from the thread count.
  uint32_t chunkBytes = 0;
  // Small enough that a hello-world-sized module (~30 KB of code) is shared between two
  // threads once they run: a compile of that size takes about a millisecond, waking a helper
  // next to nothing (starting one costs more; see threads).
  static constexpr uint32_t kDefaultChunkBytes = 8 * 1024;
};

// Executable code of one module. Owns its code memory.
class CompiledModule {
 public:
  virtual ~CompiledModule() = default;
  // Entry point of defined function `definedIndex` in the wasm calling convention.
  virtual const void* entry(uint32_t definedIndex) const = 0;
  // The defined function whose code contains `pc`, if any (for backtraces).
  virtual std::optional<uint32_t> definedFunctionAt(uintptr_t pc) const = 0;
  // The executable bytes of defined function `definedIndex` (up to the next function's start:
  // alignment padding included), for profilers' maps.
  virtual std::span<const uint8_t> functionCode(uint32_t definedIndex) const = 0;
  // How many defined functions the module has.
  virtual uint32_t functionCount() const = 0;
  virtual size_t codeSize() const = 0;
};

// One per Engine: code memory, stubs, and the compiler.
class CodeEngine {
 public:
  virtual ~CodeEngine() = default;

  static Result<std::unique_ptr<CodeEngine>> create();

  // Calls `code` (wasm convention) with `ctx`, copying `areaSlots` 8-byte slots of `area` to
  // the callee's argument area and back. Returns TrapCode::None, or the trap; on a trap the
  // details are in ctx->activation. Sets the activation's entry stack pointer itself.
  virtual vm::TrapCode enter(vm::VMContext* ctx, const void* code, uint64_t* area,
                             uint32_t areaSlots) const = 0;
  // Code address to put in FuncRef::code for host functions.
  virtual const void* hostCallStub() const = 0;

  // Compiles every defined function of `module`. `sigIds` maps type index to canonical id.
  virtual Result<std::shared_ptr<CompiledModule>> compile(const ModuleInfo& module,
                                                          std::span<const uint32_t> sigIds,
                                                          const CompileOptions& options) const = 0;
};

}  // namespace sable::jit
