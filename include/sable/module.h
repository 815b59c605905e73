// Module: a decoded, validated and compiled WebAssembly module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "sable/engine.h"
#include "sable/module_info.h"
#include "sable/result.h"

namespace sable {

// The largest module Module::compile accepts: 1 GiB. Larger input fails with ErrorKind::Limit.
// Code that reads modules from files or streams should stop reading past it.
inline constexpr size_t kMaxModuleSize = size_t{1} << 30;

// A decoded, validated and compiled module, shareable between instances, stores and threads
// (a cheap handle: copies share everything). Keeps the engine that compiled it alive.
class Module {
 public:
  // Decodes, validates and compiles `wasm` (the bytes are copied). Errors carry
  // ErrorKind::Malformed or ErrorKind::Invalid and the byte offset of the offending construct.
  // Without a code generator in `engine` the module is only validated.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> wasm);

  // The decoded module.
  const ModuleInfo& info() const;
  // The engine the module was compiled for (a handle sharing it).
  const Engine& engine() const;

  // Why this valid module cannot be instantiated by this build (e.g. it uses instructions the
  // code generator does not support yet), or null when it can.
  const Error* notRunnableReason() const;
  // Bytes of machine code generated for the module's functions (0 if none was generated).
  size_t machineCodeSize() const;

 private:
  friend struct ApiAccess;  // the runtime's way in (runtime/api_access.h)
  struct Impl;              // defined in runtime/module_impl.h

  explicit Module(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<const Impl> impl_;
};

}  // namespace sable
