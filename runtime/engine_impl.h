// The inside of an Engine: what every module and store of the engine shares. Engine handles,
// modules and stores hold it through a shared_ptr, so it lives as long as the last of them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "abi/vm.h"
#include "jit/code_engine.h"
#include "platform/memory_reservation_pool.h"
#include "platform/perf_map.h"
#include "runtime/epoch_registry.h"
#include "runtime/signature_registry.h"
#include "sable/engine.h"

namespace sable {

struct Engine::Impl {
  // `codeEngine` may be null; `codeEngineError` then says why.
  Impl(EngineConfig config, std::unique_ptr<jit::CodeEngine> codeEngine,
       std::optional<Error> codeEngineError);

  // The engine-wide canonical id of a function type: equal types get equal ids, which is how
  // call_indirect and import matching compare signatures. Thread-safe. Ids start at 1, so a
  // zeroed FuncRef never matches a real signature.
  uint32_t internSignature(const FuncType& type) const { return signatures->intern(type); }

  EngineConfig config;
  std::unique_ptr<jit::CodeEngine> codeEngine;  // null: see codeEngineError
  std::optional<Error> codeEngineError;
  std::unique_ptr<detail::SignatureRegistry> signatures;
  // The runtime helpers generated code calls (memory.grow, table.copy, ...).
  std::unique_ptr<vm::VMBuiltins> builtins;
  // Released linear-memory reservations for reuse, or null when pooling is off. Shared with
  // the memories, which give their reservation back when they die.
  std::shared_ptr<platform::MemoryReservationPool> memoryPool;
  // The epoch and the stores waiting on a deadline.
  std::shared_ptr<detail::EpochRegistry> epochs;
  // Where compiled functions are listed for perf (config.perfMap), or null.
  std::unique_ptr<platform::PerfMap> perfMap;
  // Why the perf map asked for could not be opened, if it could not.
  std::optional<Error> perfMapError;
};

}  // namespace sable
