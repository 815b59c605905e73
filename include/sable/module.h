// Module: a decoded, validated and compiled WebAssembly module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sable/engine.h"
#include "sable/result.h"
#include "sable/types.h"

namespace sable {

// The largest module Module::compile accepts: 1 GiB. Larger input fails with ErrorKind::Limit.
// Code that reads modules from files or streams should stop reading past it.
inline constexpr size_t kMaxModuleSize = size_t{1} << 30;

// Counts and sizes of a module's parts, for tools and diagnostics (Module::summary()).
struct ModuleSummary {
  uint32_t importedFunctions = 0;
  uint32_t definedFunctions = 0;
  uint32_t tables = 0;  // imported ones included, as for memories and globals
  uint32_t memories = 0;
  uint32_t globals = 0;
  uint32_t elementSegments = 0;
  uint32_t dataSegments = 0;
  std::optional<uint32_t> startFunction;  // its function index, if the module has one
  uint64_t codeSectionBytes = 0;          // the function bodies' bytes in the binary
  std::string name;                       // from the name section, or "" (escape before printing)
};

// A decoded, validated and compiled module, shareable between instances, stores and threads
// (a cheap handle: copies share everything). Keeps the engine that compiled it alive.
class Module {
 public:
  // Decodes, validates and compiles `wasm` (the bytes are copied). Errors carry
  // ErrorKind::Malformed or ErrorKind::Invalid and the byte offset of the offending construct.
  // Without a code generator in `engine` the module is only validated.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> wasm);

  // What the module imports, in its import order (the order Instance::create takes them).
  std::vector<ImportType> imports() const;
  // What the module exports, in its export order.
  std::vector<ExportType> exports() const;
  // Counts and sizes of the module's parts.
  ModuleSummary summary() const;
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
