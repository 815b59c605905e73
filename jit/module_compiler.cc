#include "jit/module_compiler.h"

#include <algorithm>
#include <vector>

#include "arch/macro_assembler.h"
#include "jit/function_compiler.h"
#include "platform/trap_handler.h"

namespace sable::jit {

namespace {

// Executable code of one module: the code block, its trap-handler registration, and where
// each function starts (sorted, for mapping a pc back to a function).
class CompiledModuleImpl final : public CompiledModule {
 public:
  CompiledModuleImpl(platform::CodeBlock block, std::vector<uint32_t> offsets)
      : block_(std::move(block)), offsets_(std::move(offsets)) {}
  ~CompiledModuleImpl() override { registration_.reset(); }

  const void* entry(uint32_t definedIndex) const override {
    return block_.executable() + offsets_[definedIndex];
  }

  std::optional<uint32_t> definedFunctionAt(uintptr_t pc) const override {
    uintptr_t begin = reinterpret_cast<uintptr_t>(block_.executable());
    if (offsets_.empty() || pc < begin || pc >= begin + block_.size()) return std::nullopt;
    uint32_t off = static_cast<uint32_t>(pc - begin);
    auto it = std::upper_bound(offsets_.begin(), offsets_.end(), off);
    if (it == offsets_.begin()) return std::nullopt;
    return static_cast<uint32_t>(it - offsets_.begin() - 1);
  }

  size_t codeSize() const override { return block_.size(); }

  void setRegistration(platform::TrapHandlerRegistration r) { registration_ = std::move(r); }
  const platform::CodeBlock& block() const { return block_; }

 private:
  platform::CodeBlock block_;
  std::vector<uint32_t> offsets_;  // function starts; functions are laid out in order
  platform::TrapHandlerRegistration registration_;
};

// Breaks the construction cycle between the assembler (which needs trap labels) and the
// function compiler (which needs the assembler and provides the labels).
class TrapLabelsProxy final : public arch::TrapLabels {
 public:
  arch::TrapLabels* target = nullptr;
  asmjit::Label trapLabel(vm::TrapCode code) override { return target->trapLabel(code); }
};

}  // namespace

Result<std::shared_ptr<CompiledModule>> compileModule(platform::CodeMemory& codeMemory,
                                                      const void* trapStub,
                                                      const ModuleInfo& module,
                                                      std::span<const uint32_t> sigIds,
                                                      const CompileOptions& options) {
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  TrapLabelsProxy proxy;
  arch::MacroAssembler masm(code, proxy,
                            {options.boundsMode == BoundsMode::Explicit, options.baselineIsa});

  ModuleCompileEnv env;
  env.module = &module;
  env.sigIds = sigIds;
  env.trapStub = trapStub;
  env.explicitBoundsChecks = options.boundsMode == BoundsMode::Explicit;
  env.typeLayouts.reserve(module.types.size());
  for (const FuncType& t : module.types) {
    env.typeLayouts.push_back(vm::ArgLayout::of(t.params(), t.results()));
  }
  uint32_t n = module.numDefinedFunctions();
  env.functionLabels.reserve(n);
  for (uint32_t i = 0; i < n; ++i) env.functionLabels.push_back(masm.newLabel());

  FunctionCompiler compiler(masm, env);
  proxy.target = &compiler;
  FunctionBodyDecoder<FunctionCompiler> decoder(module);
  std::vector<uint32_t> offsets;
  offsets.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    masm.bind(env.functionLabels[i]);
    offsets.push_back(static_cast<uint32_t>(masm.offset()));
    compiler.begin(decoder, i);
    Result<void> r = decoder.decode(i, compiler);
    if (!compiler.unsupported().empty()) {
      return Error{ErrorKind::Unsupported, module.bodies[i].offset,
                   "function " + std::to_string(module.numImportedFunctions + i) + ": " +
                       compiler.unsupported()};
    }
    if (!r) return r.error();
  }

  if (code.flatten() != asmjit::kErrorOk || code.resolveUnresolvedLinks() != asmjit::kErrorOk) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "code generation failed to link"};
  }
  size_t size = std::max<size_t>(code.codeSize(), 1);
  Result<platform::CodeBlock> block = codeMemory.allocate(size);
  if (!block) return block.error();
  if (code.relocateToBase(reinterpret_cast<uint64_t>(block->executable())) != asmjit::kErrorOk) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "code relocation failed"};
  }
  code.copyFlattenedData(block->writable(), size, asmjit::CopySectionFlags::kPadTargetBuffer);
  block->finalize();

  auto compiled =
      std::make_shared<CompiledModuleImpl>(std::move(block.value()), std::move(offsets));
  const uint8_t* begin = compiled->block().executable();
  Result<platform::TrapHandlerRegistration> reg =
      platform::TrapHandlerRegistration::create(begin, begin + size, trapStub);
  if (!reg) return reg.error();
  compiled->setRegistration(std::move(reg.value()));
  return std::shared_ptr<CompiledModule>(std::move(compiled));
}

}  // namespace sable::jit
