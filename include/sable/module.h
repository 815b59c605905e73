// Module: a decoded, validated and compiled WebAssembly module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sable/engine.h"
#include "sable/module_info.h"
#include "sable/result.h"

namespace sable {

// The largest module Module::compile accepts: 1 GiB. Larger input fails with ErrorKind::Limit.
// Code that reads modules from files or streams should stop reading past it.
inline constexpr size_t kMaxModuleSize = size_t{1} << 30;

namespace jit {
class CompiledModule;
}  // namespace jit
namespace detail {
class LazyCompiledCode;
}  // namespace detail

// A decoded, validated and compiled module, shareable between instances, stores and threads
// (copies share everything). Bound to the engine that compiled it, which must outlive it.
class Module {
 public:
  // Decodes, validates and compiles `wasm` (the bytes are copied). Errors carry
  // ErrorKind::Malformed or ErrorKind::Invalid and the byte offset of the offending construct.
  // Without a code generator in `engine` the module is only validated.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> wasm);

  const ModuleInfo& info() const { return *info_; }
  std::shared_ptr<const ModuleInfo> sharedInfo() const { return info_; }
  const Engine& engine() const { return *engine_; }

  // Internal: the machine code (null when the engine has no code generator) and the engine's
  // canonical signature id of each type index.
  const std::shared_ptr<const jit::CompiledModule>& compiled() const { return compiled_; }
  std::span<const uint32_t> signatureIds() const { return *sigIds_; }
  // Why this valid module cannot be instantiated by this build (e.g. it uses instructions the
  // code generator does not support yet), or null when it can.
  const Error* notRunnableReason() const { return notRunnable_.get(); }
  // Bytes of machine code generated for the module's functions (0 if none was generated).
  size_t machineCodeSize() const;
  // Internal: code that compares every memory access with the memory's size, for instances
  // whose memory had to do without guard pages (EngineConfig::guardPagesOnly). compiled()
  // itself when the engine's mode is Explicit; otherwise generated on the first call
  // (thread-safe, once per module) and kept, shared by every copy of the module. Null when
  // compiled() is null.
  Result<std::shared_ptr<const jit::CompiledModule>> explicitBoundsCode() const;
  // Whether explicitBoundsCode() has been generated separately (for tests).
  bool hasSeparateExplicitBoundsCode() const;

 private:
  Module(const Engine& engine, std::shared_ptr<const ModuleInfo> info,
         std::shared_ptr<const std::vector<uint32_t>> sigIds,
         std::shared_ptr<const jit::CompiledModule> compiled);

  const Engine* engine_;
  std::shared_ptr<const ModuleInfo> info_;
  std::shared_ptr<const std::vector<uint32_t>> sigIds_;
  std::shared_ptr<const jit::CompiledModule> compiled_;
  std::shared_ptr<const Error> notRunnable_;
  // Guard-page engines only: the explicit-bounds compilation, once some instance needed it.
  std::shared_ptr<detail::LazyCompiledCode> explicitBoundsCode_;
};

}  // namespace sable
