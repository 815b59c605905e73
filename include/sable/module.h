// Engine and Module: the entry points of the embedding API that exist before instantiation.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "sable/module_info.h"
#include "sable/result.h"

namespace sable {

// Engine-wide settings. An Engine is the root object of an embedding; there is no global state,
// so a daemon may host several engines with different settings.
struct EngineConfig {
  // Compile function bodies on this many threads (0 = one per core). Used by the JIT.
  uint32_t compileThreads = 1;
};

class Engine {
 public:
  explicit Engine(EngineConfig config = {}) : config_(config) {}
  const EngineConfig& config() const { return config_; }

 private:
  EngineConfig config_;
};

// A decoded and validated module, shareable between instances and threads.
class Module {
 public:
  // Decodes and validates `wasm` (the bytes are copied). Errors carry ErrorKind::Malformed or
  // ErrorKind::Invalid and the byte offset of the offending construct.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> wasm);

  const ModuleInfo& info() const { return *info_; }
  std::shared_ptr<const ModuleInfo> sharedInfo() const { return info_; }

 private:
  explicit Module(std::shared_ptr<const ModuleInfo> info) : info_(std::move(info)) {}
  std::shared_ptr<const ModuleInfo> info_;
};

}  // namespace sable
