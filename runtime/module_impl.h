// The inside of a Module: the decoded module, its machine code and the engine it belongs to.
// Shared by every copy of the Module and by the instances made from it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/module_info.h"
#include "jit/code_engine.h"
#include "runtime/lazy_compiled_code.h"
#include "sable/engine.h"
#include "sable/module.h"

namespace sable {

struct Module::Impl {
  explicit Impl(Engine engine) : engine(std::move(engine)) {}

  // Code that compares every memory access with the memory's size, for instances whose memory
  // had to do without guard pages (EngineConfig::guardPagesOnly). `compiled` itself when the
  // engine's mode is Explicit; otherwise generated on the first call (thread-safe, once per
  // module) and kept. Null when `compiled` is null.
  Result<std::shared_ptr<const jit::CompiledModule>> explicitBoundsCode() const;
  // Whether explicitBoundsCode() has been generated separately (for tests).
  bool hasSeparateExplicitBoundsCode() const { return lazyExplicitBoundsCode.ifMade() != nullptr; }

  Engine engine;  // keeps the engine alive as long as the module
  std::shared_ptr<const ModuleInfo> info;
  // The engine's canonical signature id of each type index.
  std::vector<uint32_t> signatureIds;
  // The machine code; null when the engine has no code generator or notRunnable is set.
  std::shared_ptr<const jit::CompiledModule> compiled;
  std::shared_ptr<const Error> notRunnable;
  // Guard-page engines only: the explicit-bounds compilation, once some instance needed it.
  mutable detail::LazyCompiledCode lazyExplicitBoundsCode;
  // What the perf map puts before each function's name ("stack/logger/" for a core module of
  // a component), and whether the functions are listed yet: a component's core modules are
  // compiled while its binary is decoded, before its component-name section says what the
  // parts are called, so they are listed afterwards (listModuleForPerf). Set once, before the
  // module is shared.
  mutable std::string perfPrefix;
  mutable bool perfListed = false;
};

namespace detail {

// Module::compile, with the functions left out of the engine's perf map until
// listModuleForPerf names them.
Result<Module> compileModuleUnlisted(const Engine& engine, std::span<const uint8_t> wasm);

// Lists `module`'s functions in its engine's perf map (when the engine keeps one), each name
// after `prefix`. Once per module: later calls do nothing.
void listModuleForPerf(const Module& module, std::string_view prefix);

}  // namespace detail

}  // namespace sable
