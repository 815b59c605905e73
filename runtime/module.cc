#include "sable/module.h"

#include "core/module_decoder.h"
#include "core/validator.h"
#include "jit/code_engine.h"
#include "runtime/api_access.h"
#include "runtime/engine_impl.h"
#include "runtime/module_impl.h"
#include "runtime/resource_errors.h"
#include "runtime/store_impl.h"

namespace sable {

namespace {

bool explicitBoundsEngine(const EngineConfig& config) {
  return config.memoryBoundsMode == MemoryBoundsMode::Explicit;
}

// How the engine's configuration asks modules to be compiled.
jit::CompileOptions compileOptions(const EngineConfig& config) {
  jit::CompileOptions options;
  options.boundsMode =
      explicitBoundsEngine(config) ? vm::BoundsMode::Explicit : vm::BoundsMode::GuardPages;
  options.baselineIsa = config.baselineIsa;
  options.epochChecks = config.epochInterruption;
  options.consumeFuel = config.consumeFuel;
  options.threads = config.compileThreads;
  return options;
}

// Lists every function of `code` in the perf map, by the name a backtrace shows after `prefix`.
void listForPerf(platform::PerfMap& map, const ModuleInfo& info, const jit::CompiledModule& code,
                 std::string_view prefix) {
  const uint32_t imported = info.numImportedFunctions;
  for (uint32_t i = 0; i < code.functionCount(); ++i) {
    std::span<const uint8_t> bytes = code.functionCode(i);
    map.add(bytes.data(), bytes.size(),
            std::string(prefix) + detail::functionDisplayName(info, imported + i));
  }
}

Result<Module> compileModule(const Engine& engine, std::span<const uint8_t> wasm, bool listNow);

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> wasm) {
  return compileModule(engine, wasm, true);
}

Result<Module> detail::compileModuleUnlisted(const Engine& engine, std::span<const uint8_t> wasm) {
  return compileModule(engine, wasm, false);
}

void detail::listModuleForPerf(const Module& module, std::string_view prefix) {
  const ApiAccess::ModuleImpl& impl = ApiAccess::impl(module);
  const ApiAccess::EngineImpl& engineImpl = ApiAccess::impl(impl.engine);
  if (!engineImpl.perfMap || impl.perfListed) return;
  impl.perfListed = true;
  impl.perfPrefix = std::string(prefix);
  if (impl.compiled) listForPerf(*engineImpl.perfMap, *impl.info, *impl.compiled, impl.perfPrefix);
}

namespace {

Result<Module> compileModule(const Engine& engine, std::span<const uint8_t> wasm, bool listNow) {
  return detail::errorOnExhaustion([&]() -> Result<Module> {
    Result<std::shared_ptr<ModuleInfo>> decoded = decodeModule(wasm);
    if (!decoded) return decoded.error();
    const ApiAccess::EngineImpl& engineImpl = ApiAccess::impl(engine);
    auto impl = std::make_shared<ApiAccess::ModuleImpl>(engine);
    impl->info = std::move(decoded.value());
    const ModuleInfo& info = *impl->info;
    impl->signatureIds.reserve(info.types.size());
    for (const FuncType& type : info.types) {
      impl->signatureIds.push_back(engineImpl.internSignature(type));
    }

    const jit::CodeEngine* codeEngine = engineImpl.codeEngine.get();
    if (codeEngine == nullptr) {
      // No code generator: validate on its own so the module is still checked completely.
      Result<void> valid = validateFunctionBodies(info);
      if (!valid) return valid.error();
      return ApiAccess::makeModule(std::move(impl));
    }

    // The JIT validates each body while it compiles it.
    Result<std::shared_ptr<jit::CompiledModule>> compiled =
        codeEngine->compile(info, impl->signatureIds, compileOptions(engine.config()));
    if (!compiled && compiled.error().kind == ErrorKind::Unsupported) {
      // The code generator stopped early: finish validating, so an invalid module is still
      // reported as invalid, and keep a valid one with the reason it cannot run here.
      Result<void> valid = validateFunctionBodies(info);
      if (!valid) return valid.error();
      impl->notRunnable = std::make_shared<const Error>(compiled.error());
      return ApiAccess::makeModule(std::move(impl));
    }
    if (!compiled) return compiled.error();
    impl->compiled = std::move(compiled.value());
    Module module = ApiAccess::makeModule(std::move(impl));
    if (listNow) detail::listModuleForPerf(module, "");
    return module;
  });
}

}  // namespace

namespace {

ExternType typeOfEntity(const ModuleInfo& info, ExternKind kind, uint32_t index) {
  switch (kind) {
    case ExternKind::Func:
      return info.functionType(index);
    case ExternKind::Table:
      return info.tables[index];
    case ExternKind::Memory:
      return info.memories[index];
    case ExternKind::Global:
      break;
  }
  return info.globals[index].type;
}

ExternType typeOfImport(const ModuleInfo& info, const Import& import) {
  switch (import.kind) {
    case ExternKind::Func:
      return info.types[import.funcTypeIndex];
    case ExternKind::Table:
      return import.table;
    case ExternKind::Memory:
      return import.memory;
    case ExternKind::Global:
      break;
  }
  return import.global;
}

}  // namespace

std::vector<ImportType> Module::imports() const {
  const ModuleInfo& info = *impl_->info;
  std::vector<ImportType> out;
  out.reserve(info.imports.size());
  for (const Import& import : info.imports) {
    out.push_back(ImportType{import.module, import.name, typeOfImport(info, import)});
  }
  return out;
}

std::vector<ExportType> Module::exports() const {
  const ModuleInfo& info = *impl_->info;
  std::vector<ExportType> out;
  out.reserve(info.exports.size());
  for (const Export& e : info.exports) {
    out.push_back(ExportType{e.name, typeOfEntity(info, e.kind, e.index), e.index});
  }
  return out;
}

ModuleSummary Module::summary() const {
  const ModuleInfo& info = *impl_->info;
  ModuleSummary s;
  s.importedFunctions = info.numImportedFunctions;
  s.definedFunctions = info.numDefinedFunctions();
  s.tables = static_cast<uint32_t>(info.tables.size());
  s.memories = static_cast<uint32_t>(info.memories.size());
  s.globals = static_cast<uint32_t>(info.globals.size());
  s.elementSegments = static_cast<uint32_t>(info.elements.size());
  s.dataSegments = static_cast<uint32_t>(info.data.size());
  s.startFunction = info.startFunction;
  s.codeSectionBytes = info.codeSize();
  s.name = info.names.moduleName;
  return s;
}

const Engine& Module::engine() const { return impl_->engine; }

const Error* Module::notRunnableReason() const { return impl_->notRunnable.get(); }

size_t Module::machineCodeSize() const { return impl_->compiled ? impl_->compiled->codeSize() : 0; }

Result<std::shared_ptr<const jit::CompiledModule>> Module::Impl::explicitBoundsCode() const {
  if (compiled == nullptr || explicitBoundsEngine(engine.config())) return compiled;
  return lazyExplicitBoundsCode.get([&] {
    // Everything but the bounds mode as the first compilation: the same functions, checks and
    // instruction set, so an instance behaves the same whichever code it runs.
    jit::CompileOptions options = compileOptions(engine.config());
    options.boundsMode = vm::BoundsMode::Explicit;
    const ApiAccess::EngineImpl& engineImpl = ApiAccess::impl(engine);
    auto code = engineImpl.codeEngine->compile(*info, signatureIds, options);
    if (code && engineImpl.perfMap) listForPerf(*engineImpl.perfMap, *info, **code, perfPrefix);
    return code;
  });
}

}  // namespace sable
