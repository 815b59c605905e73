#include "runtime/store_impl.h"

#include <algorithm>
#include <string>

#include "jit/code_engine.h"
#include "platform/alt_signal_stack.h"
#include "runtime/host_call.h"
#include "runtime/stack_bounds.h"
#include "sable/printable.h"

namespace sable::detail {

namespace {

// Stack left below the wasm stack limit for C++ code called from the deepest wasm frame: host
// functions, builtins and the trap path (signal handlers run on the alternate stack that
// callWasm installs). Measured on x86-64 by painting a thread's stack and recursing until the
// limit: the trap path took 1.3 KB below the limit, an empty host function 1.3 KB, one that
// throws 2.9 KB, WASI's path_filestat_get through a symlink 1.8 KB. A quarter of the thread's
// stack is kept, at least kMinNativeStackHeadroom, more than five times the largest of these,
// and at most kMaxNativeStackHeadroom, room for embedders' heavier host functions on threads
// that have it. A fixed 128 KiB left threads of 128 KiB or less no wasm stack at all (issue 11).
constexpr uintptr_t kMinNativeStackHeadroom = 16 * 1024;
constexpr uintptr_t kMaxNativeStackHeadroom = 128 * 1024;

uintptr_t nativeStackHeadroom(const StackBounds& bounds) {
  return std::clamp<uintptr_t>((bounds.high - bounds.low) / 4, kMinNativeStackHeadroom,
                               kMaxNativeStackHeadroom);
}
// Backtraces stop here; a runaway recursion would otherwise produce a huge message.
constexpr size_t kMaxBacktraceFrames = 256;

}  // namespace

std::string functionDisplayName(const ModuleInfo& info, uint32_t funcIndex) {
  if (const std::string* name = info.names.functionName(funcIndex)) return *name;
  std::string module = info.names.moduleName.empty() ? "<module>" : info.names.moduleName;
  return module + "!func[" + std::to_string(funcIndex) + "]";
}

void StoreImpl::registerFuncs(FuncObject* first, size_t count) {
  if (count != 0) unindexed_.emplace_back(first, count);
}

FuncObject* StoreImpl::newHostFunc(FuncType type, HostFunctionWithCaller fn) {
  auto f = std::make_unique<FuncObject>();
  f->store = this;
  f->host = std::make_unique<HostFuncData>();
  HostFuncData& host = *f->host;
  host.fn = std::move(fn);
  host.layout = vm::ArgLayout::of(type.params(), type.results());
  f->layout = &host.layout;
  // The stub finds the activation through the context, as it would for a wasm callee.
  host.callContext.base.activation = &activation_.vm;
  host.callContext.base.builtins = engineImpl().builtins.get();
  host.callContext.dispatch = &dispatchHostCall;
  host.callContext.data = f.get();
  f->ref.code = engineImpl().codeEngine ? engineImpl().codeEngine->hostCallStub() : nullptr;
  f->ref.vmctx = &host.callContext.base;
  f->ref.sigId = engineImpl().internSignature(type);
  host.type = std::move(type);
  f->type = &host.type;
  registerFuncs(f.get(), 1);
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

FuncObject* StoreImpl::newWasmFuncs(InstanceObject* instance, const jit::CompiledModule& compiled) {
  const ModuleInfo& info = *ApiAccess::impl(instance->module).info;
  std::span<const uint32_t> sigIds = ApiAccess::impl(instance->module).signatureIds;
  const uint32_t count = info.numDefinedFunctions();
  instance->definedFuncs = std::make_unique<FuncObject[]>(count);
  FuncObject* funcs = instance->definedFuncs.get();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t funcIndex = info.numImportedFunctions + i;
    const uint32_t typeIndex = info.functionTypes[funcIndex];
    FuncObject& f = funcs[i];
    f.store = this;
    f.type = &info.types[typeIndex];
    f.layout = &instance->typeLayouts[typeIndex];
    f.instance = instance;
    f.funcIndex = funcIndex;
    f.ref.code = compiled.entry(i);
    f.ref.vmctx = &instance->ctx;
    f.ref.sigId = sigIds[typeIndex];
  }
  registerFuncs(funcs, count);
  return funcs;
}

MemoryObject* StoreImpl::newMemory(std::unique_ptr<platform::LinearMemory> memory) {
  auto m = std::make_unique<MemoryObject>();
  m->store = this;
  m->memory = std::move(memory);
  limiter_.memoryCreated(m->memory->sizeBytes());
  memories_.push_back(std::move(m));
  return memories_.back().get();
}

Result<TableObject*> StoreImpl::newTable(TableType type, void* init, const std::string& what) {
  if (Result<void> ok = limiter_.checkNewTables(what, 1); !ok) return ok.error();
  if (Result<void> ok = limiter_.checkTableElements(what, type.limits.min); !ok) return ok.error();
  auto t = std::make_unique<TableObject>();
  t->store = this;
  t->type = type;
  Result<void> sized = t->elements.resize(type.limits.min, init);
  if (!sized) return sized.error();
  t->syncVm();
  limiter_.tableCreated();
  tables_.push_back(std::move(t));
  return tables_.back().get();
}

GlobalObject* StoreImpl::newGlobal(GlobalType type) {
  auto g = std::make_unique<GlobalObject>();
  g->store = this;
  g->type = type;
  globals_.push_back(std::move(g));
  return globals_.back().get();
}

InstanceObject* StoreImpl::newInstance(const Module& module) {
  auto inst = std::make_unique<InstanceObject>(module);
  inst->store = this;
  limiter_.instanceCreated();
  instances_.push_back(std::move(inst));
  return instances_.back().get();
}

FuncObject* StoreImpl::funcFromRef(const vm::FuncRef* ref) const {
  if (ref == nullptr) return nullptr;
  for (const auto& [first, count] : unindexed_) {
    for (size_t i = 0; i < count; ++i) funcsByRef_.emplace(&first[i].ref, &first[i]);
  }
  unindexed_.clear();
  auto it = funcsByRef_.find(ref);
  return it == funcsByRef_.end() ? nullptr : it->second;
}

Error StoreImpl::trapOutsideWasm(TrapKind kind) {
  Trap trap;
  trap.kind = kind;
  trap.message = trapKindMessage(kind);
  lastTrap_ = trap;
  ++trapCount_;
  return Error{ErrorKind::Trap, Error::kNoOffset, trap.message};
}

Result<void> StoreImpl::callWasm(const vm::FuncRef& ref, uint64_t* area, uint32_t slots) {
  const jit::CodeEngine* codeEngine = engineImpl().codeEngine.get();
  if (codeEngine == nullptr) {
    std::string why = engine_.codeEngineError() ? engine_.codeEngineError()->message : "";
    return Error{ErrorKind::Usage, Error::kNoOffset, "cannot run wasm code: " + why};
  }

  // A nested entry (wasm -> host -> wasm) must leave the outer activation as it found it,
  // except for the store's interruption state (fuel left), which carries on.
  vm::VMActivation& activation = activation_.vm;
  vm::VMActivation saved = activation;
  auto restoreOuter = [&] {
    saved.fuelRemaining = activation.fuelRemaining;
    activation = saved;
  };
  if (depth_ == 0) {
    // A fault in wasm code near the stack limit must not need the thread's own stack.
    if (Result<void> altStack = platform::ensureAltStack(); !altStack) return altStack.error();
    // The limit is set once for the outermost entry, so nested entries share one budget.
    StackBounds bounds = currentThreadStackBounds();
    uintptr_t sp = currentStackPointer();
    uint64_t budget = engine_.config().maxWasmStackBytes;
    uintptr_t limit = sp > budget ? sp - budget : 0;
    if (bounds.low != 0 && limit < bounds.low + nativeStackHeadroom(bounds)) {
      limit = bounds.low + nativeStackHeadroom(bounds);
    }
    activation.stackLimit = limit;
    pendingHostError_.reset();
  }
  activation.trapCode = vm::TrapCode::None;
  activation.trapPc = 0;
  activation.trapFramePointer = 0;
  trapFrames_.clear();

  ++depth_;
  vm::TrapCode code = codeEngine->enter(ref.vmctx, ref.code, area, slots);
  --depth_;

  if (code == vm::TrapCode::None) {
    restoreOuter();
    if (depth_ == 0) lastTrap_.reset();
    return {};
  }

  Trap trap;
  trap.kind = code;
  trap.message = vm::trapCodeMessage(code);
  trap.frames = std::move(trapFrames_);
  trapFrames_.clear();
  Error error{ErrorKind::Trap, Error::kNoOffset, trap.message};
  if (code == vm::TrapCode::HostError && pendingHostError_) {
    error = std::move(*pendingHostError_);
    pendingHostError_.reset();
    trap.message = error.message;
  }
  if (!trap.frames.empty()) {
    error.message += "\nwasm backtrace:";
    for (size_t i = 0; i < trap.frames.size(); ++i) {
      error.message += "\n  #" + std::to_string(i) + " " + escapeText(trap.frames[i].funcName);
    }
  }
  lastTrap_ = std::move(trap);
  ++trapCount_;
  restoreOuter();
  return error;
}

void StoreImpl::setFuel(uint64_t fuel) {
  fuelGiven_ = fuel > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(fuel);
  activation_.vm.fuelRemaining = fuelGiven_;
}

uint64_t StoreImpl::fuelRemaining() const {
  int64_t left = activation_.vm.fuelRemaining;
  return left > 0 ? static_cast<uint64_t>(left) : 0;
}

uint64_t StoreImpl::fuelConsumed() const {
  // Overshoot past zero (the trapping run's cost) counts as consumed. Both values lie in
  // [INT64_MIN / 2, INT64_MAX] in practice; compute in unsigned to stay defined regardless.
  return static_cast<uint64_t>(fuelGiven_) - static_cast<uint64_t>(activation_.vm.fuelRemaining);
}

InstanceObject* StoreImpl::instanceAt(uintptr_t pc) const {
  const InstanceObject* instance = nullptr;
  uint32_t definedIndex = 0;
  if (!findCode(pc, &instance, &definedIndex)) return nullptr;
  return const_cast<InstanceObject*>(instance);
}

bool StoreImpl::findCode(uintptr_t pc, const InstanceObject** instance,
                         uint32_t* definedIndex) const {
  const jit::CompiledModule* last = nullptr;
  for (const auto& inst : instances_) {
    const jit::CompiledModule* compiled = inst->code.get();
    if (compiled == nullptr || compiled == last) continue;
    last = compiled;  // instances of one module usually sit next to each other
    if (std::optional<uint32_t> index = compiled->definedFunctionAt(pc)) {
      *instance = inst.get();
      *definedIndex = *index;
      return true;
    }
  }
  return false;
}

void StoreImpl::captureTrapBacktrace(uintptr_t pc, uintptr_t fp) {
  std::vector<TrapFrame>& frames = trapFrames_;
  frames.clear();
  const StackBounds bounds = currentThreadStackBounds();
  // Every wasm frame of this activation lies above our own frame and below the stack top.
  const uintptr_t lowest = currentStackPointer();
  for (size_t depth = 0; frames.size() < kMaxBacktraceFrames; ++depth) {
    const InstanceObject* instance = nullptr;
    uint32_t defined = 0;
    // Callers' pcs are return addresses, one past their call: look up the call itself.
    if (findCode(depth == 0 ? pc : pc - 1, &instance, &defined)) {
      const ModuleInfo& info = *ApiAccess::impl(instance->module).info;
      TrapFrame frame;
      frame.funcIndex = info.numImportedFunctions + defined;
      frame.moduleName = info.names.moduleName;
      frame.funcName = functionDisplayName(info, frame.funcIndex);
      frames.push_back(std::move(frame));
    } else if (depth > 0) {
      break;  // left wasm code: the entry trampoline or C++
    }
    // A trap raised in a stub (host-call stub, builtin) has its pc outside wasm code; the
    // frame chain still leads to the wasm caller, so the first miss is not the end.
    if (fp == 0 || fp % sizeof(uintptr_t) != 0 || fp < lowest ||
        fp + 2 * sizeof(uintptr_t) > bounds.high) {
      break;
    }
    const uintptr_t* frame = reinterpret_cast<const uintptr_t*>(fp);
    uintptr_t callerFp = frame[0];
    pc = frame[1];
    if (callerFp <= fp) break;  // frames must go up the stack; anything else is corrupt
    fp = callerFp;
  }
}

}  // namespace sable::detail
