#include "jit/code_engine.h"

#include "arch/stubs.h"
#include "jit/module_compiler.h"
#include "platform/code_memory.h"
#include "platform/worker_pool.h"

namespace sable::jit {

namespace {

using EnterFn = uint32_t (*)(vm::VMContext*, const void*, uint64_t*, uint32_t);

// The JIT of one Engine: code memory and the engine-wide stubs.
class CodeEngineImpl final : public CodeEngine {
 public:
  CodeEngineImpl(std::unique_ptr<platform::CodeMemory> memory, platform::CodeBlock stubs,
                 EnterFn enter, const void* hostCall, const void* trap)
      : memory_(std::move(memory)),
        stubs_(std::move(stubs)),
        enter_(enter),
        hostCall_(hostCall),
        trap_(trap) {}
  ~CodeEngineImpl() override { stubs_ = platform::CodeBlock(); }

  vm::TrapCode enter(vm::VMContext* ctx, const void* code, uint64_t* area,
                     uint32_t areaSlots) const override {
    return static_cast<vm::TrapCode>(enter_(ctx, code, area, areaSlots));
  }

  const void* hostCallStub() const override { return hostCall_; }

  Result<std::shared_ptr<CompiledModule>> compile(const ModuleInfo& module,
                                                  std::span<const uint32_t> sigIds,
                                                  const CompileOptions& options) const override {
    return compileModule(*memory_, pool_, trap_, module, sigIds, options);
  }

 private:
  std::unique_ptr<platform::CodeMemory> memory_;
  // Compile threads; mutable because compiling is logically const (the engine's modules are
  // independent of it) and the pool serialises its users itself.
  mutable platform::WorkerPool pool_;
  platform::CodeBlock stubs_;
  EnterFn enter_;
  const void* hostCall_;
  const void* trap_;
};

}  // namespace

Result<std::unique_ptr<CodeEngine>> CodeEngine::create() {
  Result<std::unique_ptr<platform::CodeMemory>> memory = platform::CodeMemory::create();
  if (!memory) return memory.error();
  asmjit::CodeHolder code;
  code.init(asmjit::Environment::host());
  arch::StubLabels labels = arch::emitEngineStubs(code);
  if (code.flatten() != asmjit::kErrorOk || code.resolveUnresolvedLinks() != asmjit::kErrorOk) {
    return Error{ErrorKind::Limit, Error::kNoOffset, "stub generation failed"};
  }
  size_t size = code.codeSize();
  Result<platform::CodeBlock> block = (*memory)->allocate(size);
  if (!block) return block.error();
  const uint8_t* base = block->executable();
  code.relocateToBase(reinterpret_cast<uint64_t>(base));
  code.copyFlattenedData(block->writable(), size, asmjit::CopySectionFlags::kPadTargetBuffer);
  block->finalize();
  auto at = [&](asmjit::Label l) { return base + code.labelOffsetFromBase(l); };
  auto enter = reinterpret_cast<EnterFn>(const_cast<uint8_t*>(at(labels.enter)));
  const void* hostCall = at(labels.hostCall);
  const void* trap = at(labels.trap);
  return std::unique_ptr<CodeEngine>(new CodeEngineImpl(
      std::move(memory.value()), std::move(block.value()), enter, hostCall, trap));
}

}  // namespace sable::jit
