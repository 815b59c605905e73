// The inside of a Store: ownership of every object, the activation record generated code
// reports traps in, and the machinery for entering wasm from C++ (stack limit, nesting, turning
// traps into Errors with backtraces).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "abi/vm.h"
#include "runtime/api_access.h"
#include "runtime/engine_impl.h"
#include "runtime/epoch_registry.h"
#include "runtime/resource_limiter.h"
#include "runtime/store_objects.h"
#include "sable/engine.h"
#include "sable/result.h"
#include "sable/store.h"
#include "sable/trap.h"

namespace sable::detail {

class StoreImpl;

// The store's activation record as generated code sees it (vm), with a way back to the store:
// recordTrap only gets the VMActivation (through any VMContext, host contexts included).
struct StoreActivation {
  vm::VMActivation vm;  // first, so a VMActivation* converts back to its StoreActivation*
  StoreImpl* store = nullptr;
};
static_assert(std::is_standard_layout_v<StoreActivation>);

// A failing component function call on its way out to the embedder: the component layer adds
// one call per instance boundary the error crosses and turns them into lastTrap()->calls when
// it reaches the embedder. Nothing is recorded for calls that return.
struct UnwindingCalls {
  std::vector<TrapCall> calls;          // innermost first
  std::string reason;                   // the innermost failure's message, without a backtrace
  TrapKind kind = TrapKind::HostError;  // the innermost trap's, or HostError for other failures
};

// Owns every object of one Store and runs calls into wasm for it. Objects are never freed
// before the store: wasm state (tables, globals, other instances) may point at any of them.
class StoreImpl {
 public:
  explicit StoreImpl(const Engine& engine)
      : engine_(engine), epochRegistry_(ApiAccess::impl(engine).epochs) {
    activation_.store = this;
  }
  // Unregisters from the engine's epoch registry, so incrementEpoch never reaches a dead store.
  ~StoreImpl() { epochRegistry_->remove(epoch_); }
  StoreImpl(const StoreImpl&) = delete;
  StoreImpl& operator=(const StoreImpl&) = delete;

  const Engine& engine() const { return engine_; }
  // The public Store owning this (kept current when the Store moves), for Caller::store().
  Store& owner() const { return *owner_; }
  void setOwner(Store* owner) { owner_ = owner; }

  // The embedder's per-store data (Store::setData): replaced data is destroyed at once, the
  // last data when the store is destroyed, after everything else in it.
  void setUserData(void* data, void (*destroy)(void*)) {
    userData_ = UserData{};
    userData_.data = data;
    userData_.destroy = destroy;
  }
  void* userData() const { return userData_.data; }

  // The instance whose compiled code contains `pc` (a return address minus one), or null.
  InstanceObject* instanceAt(uintptr_t pc) const;
  const ApiAccess::EngineImpl& engineImpl() const { return ApiAccess::impl(engine_); }
  vm::VMActivation* activation() { return &activation_.vm; }
  static StoreImpl& fromActivation(vm::VMActivation* activation) {
    return *reinterpret_cast<StoreActivation*>(activation)->store;
  }

  // Called by recordTrap, while the trapping wasm frames are still on the stack (once the trap
  // unwinds to the entry stub, C++ calls reuse that stack and overwrite them): walks the
  // frame-pointer chain from the trap's pc and fp through compiled wasm code.
  void captureTrapBacktrace(uintptr_t pc, uintptr_t fp);

  // Creating objects; the store owns them until it is destroyed.
  FuncObject* newHostFunc(FuncType type, HostFunctionWithCaller fn);
  // The records of all of `instance`'s defined functions (owned by the instance), with their
  // code from `compiled`; instance->typeLayouts must be filled in.
  FuncObject* newWasmFuncs(InstanceObject* instance, const jit::CompiledModule& compiled);
  MemoryObject* newMemory(std::unique_ptr<platform::LinearMemory> memory);
  // Within the store's limits (`what` starts the message when they refuse it).
  Result<TableObject*> newTable(TableType type, void* init, const std::string& what);
  GlobalObject* newGlobal(GlobalType type);
  InstanceObject* newInstance(const Module& module);

  // The function a FuncRef* found in wasm state (table, global, result) denotes, or null.
  FuncObject* funcFromRef(const vm::FuncRef* ref) const;

  // Calls `ref` (a wasm function, or a host function through the stub) with the argument area.
  // A trap becomes an Error and lastTrap(); host errors keep their kind and message.
  Result<void> callWasm(const vm::FuncRef& ref, uint64_t* area, uint32_t slots);

  // Records a trap raised outside wasm code (instantiation's segment bounds checks) and
  // returns the Error for it.
  Error trapOutsideWasm(TrapKind kind);

  // The store's limits and what it holds; every object created above is counted there.
  ResourceLimiter& limiter() { return limiter_; }
  const ResourceLimiter& limiter() const { return limiter_; }

  // Interruption state (Store's API of the same names).
  void setEpochDeadline(uint64_t ticksFromNow) {
    epochRegistry_->setDeadline(epoch_, ticksFromNow);
  }
  // Every instance context must be added, so the epoch can flag it.
  void addInstanceContext(vm::VMContext* ctx) { epochRegistry_->addContext(epoch_, ctx); }
  void setFuel(uint64_t fuel);
  uint64_t fuelRemaining() const;
  uint64_t fuelConsumed() const;

  const std::optional<Trap>& lastTrap() const { return lastTrap_; }
  std::optional<Trap>& lastTrap() { return lastTrap_; }
  void clearLastTrap() { lastTrap_.reset(); }
  // How many traps callWasm has turned into Errors so far: a call that sees it change knows
  // lastTrap() is from code it ran.
  uint64_t trapCount() const { return trapCount_; }
  // Whether wasm code of this store is on the stack (a call from C++ is then nested).
  bool inWasm() const { return depth_ != 0; }
  // The component calls a failing component call is unwinding through (component/trap_chain.h).
  UnwindingCalls& unwinding() { return unwinding_; }
  // Set by a host function's dispatch when it fails, consumed by callWasm.
  void setPendingHostError(Error error) { pendingHostError_ = std::move(error); }

 private:
  void registerFuncs(FuncObject* first, size_t count);
  // The instance whose compiled code contains `pc`, and the defined function index there.
  bool findCode(uintptr_t pc, const InstanceObject** instance, uint32_t* definedIndex) const;

  // Data and its destructor; destroys it when replaced or destroyed.
  struct UserData {
    UserData() = default;
    UserData(const UserData&) = delete;
    UserData& operator=(UserData&& other) noexcept {
      std::swap(data, other.data);
      std::swap(destroy, other.destroy);
      return *this;
    }
    ~UserData() {
      if (destroy != nullptr) destroy(data);
    }
    void* data = nullptr;
    void (*destroy)(void*) = nullptr;
  };

  Engine engine_;  // keeps the engine alive as long as the store
  Store* owner_ = nullptr;
  UserData userData_;  // before the objects, so destroyed after them
  std::shared_ptr<EpochRegistry> epochRegistry_;
  StoreEpochState epoch_;  // guarded by epochRegistry_
  StoreActivation activation_;
  std::vector<TrapFrame> trapFrames_;  // captured by captureTrapBacktrace
  uint32_t depth_ = 0;                 // nested host-to-wasm entries in progress
  int64_t fuelGiven_ = 0;              // the last setFuel's amount, for fuelConsumed()
  std::optional<Trap> lastTrap_;
  uint64_t trapCount_ = 0;
  UnwindingCalls unwinding_;
  std::optional<Error> pendingHostError_;
  ResourceLimiter limiter_;

  std::vector<std::unique_ptr<FuncObject>> funcs_;
  std::vector<std::unique_ptr<MemoryObject>> memories_;
  std::vector<std::unique_ptr<TableObject>> tables_;
  std::vector<std::unique_ptr<GlobalObject>> globals_;
  std::vector<std::unique_ptr<InstanceObject>> instances_;
  // Canonical FuncRef -> its record, for funcref values coming out of wasm. Built on the first
  // lookup after functions were added (from unindexed_), so instantiating pays nothing for it.
  mutable std::unordered_map<const vm::FuncRef*, FuncObject*> funcsByRef_;
  mutable std::vector<std::pair<FuncObject*, size_t>> unindexed_;
};

// The name a backtrace shows for function `funcIndex` of `info`.
std::string functionDisplayName(const ModuleInfo& info, uint32_t funcIndex);

}  // namespace sable::detail

namespace sable {

// What a Store owns: the runtime's StoreImpl under the name the public header declares.
struct Store::Impl : detail::StoreImpl {
  using StoreImpl::StoreImpl;
};

inline detail::StoreImpl& ApiAccess::impl(const Store& store) { return *store.impl_; }

}  // namespace sable
