// The records a Store owns for each function, memory, table, global and instance. Public
// handles (Func, Memory, ...) point at these; generated code points into them (FuncRef,
// VMMemory, VMTable, VMGlobal, VMContext), so none of them ever moves once created.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "abi/host_call_context.h"
#include "abi/vm.h"
#include "jit/code_engine.h"
#include "platform/linear_memory.h"
#include "platform/pointer_array.h"
#include "runtime/api_access.h"
#include "runtime/module_impl.h"
#include "sable/extern.h"
#include "sable/func.h"
#include "sable/module.h"
#include "sable/types.h"

namespace sable::detail {

class StoreImpl;

// The records behind the public handles, by the names the runtime uses.
using FuncObject = ApiAccess::FuncObject;
using MemoryObject = ApiAccess::MemoryObject;
using TableObject = ApiAccess::TableObject;
using GlobalObject = ApiAccess::GlobalObject;
using InstanceObject = ApiAccess::InstanceObject;

// Implementation-defined ceiling on table sizes: table.grow past it returns -1 rather than
// trying to allocate gigabytes of pointers.
inline constexpr uint32_t kMaxTableElements = 10000000;

// What a host function needs when wasm calls it through the engine's host-call stub.
struct HostFuncData {
  vm::HostCallContext callContext;  // FuncRef::vmctx points at callContext.base
  HostFunctionWithCaller fn;
  FuncType type;
  vm::ArgLayout layout;
};

}  // namespace sable::detail

namespace sable {

// A function: a wasm function of an instance or a host function.
struct Func::Object {
  detail::StoreImpl* store = nullptr;
  // The function's one canonical FuncRef: instances' function arrays (importers' too), table
  // elements and funcref values all point here.
  vm::FuncRef ref;
  // Shared, not copied: a wasm function's type is its module's and its layout is computed once
  // per type by its instance (instantiation would otherwise allocate for every function); a
  // host function's are in `host`.
  const FuncType* type = nullptr;
  const vm::ArgLayout* layout = nullptr;       // every call needs it
  detail::InstanceObject* instance = nullptr;  // defining instance (wasm functions only)
  uint32_t funcIndex = 0;                      // in the defining instance's index space
  std::unique_ptr<detail::HostFuncData> host;  // host functions only
};

// A linear memory.
struct Memory::Object {
  detail::StoreImpl* store = nullptr;
  std::unique_ptr<platform::LinearMemory> memory;

  vm::VMMemory* vm() const { return memory->vmMemory(); }
  // Current size as min, declared maximum as max: what import matching compares.
  MemoryType type() const;
  // memory.grow: the old size in pages, or -1 past the maximum, the store's limits, or when
  // the system refuses. Keeps the store's usage current.
  int64_t grow(uint64_t deltaPages);
};

}  // namespace sable

namespace sable::detail {

// Creates a memory of `type` in `store`, with the engine's bounds mode, within the store's
// limits (`what` starts the message when they refuse it: "Memory::create: memory").
Result<MemoryObject*> createMemory(StoreImpl& store, const MemoryType& type,
                                   const std::string& what);

// The linear memory of a new MemoryObject. In GuardPages mode, when the 8 GiB reservation
// cannot be had, an explicitly bounds-checked one unless EngineConfig::guardPagesOnly; the
// memory's boundsMode() says which it got, and instances using it must run explicit-bounds
// code (Module::explicitBoundsCode). Failures are ErrorKind::ResourceExhausted.
Result<std::unique_ptr<platform::LinearMemory>> createLinearMemory(const Engine& engine,
                                                                   uint32_t initialPages,
                                                                   std::optional<uint32_t> max);

}  // namespace sable::detail

namespace sable {

// A table. Elements are raw VM values: FuncRef* for funcref, the host pointer for externref.
struct Table::Object {
  detail::StoreImpl* store = nullptr;
  TableType type;                   // limits.min tracks the current size
  platform::PointerArray elements;  // vm.elements points at its data; updated when it moves
  vm::VMTable vm;

  uint32_t size() const { return vm.size; }
  // table.grow: the old size, or -1 past the maximum, the store's limits or kMaxTableElements.
  int64_t grow(uint32_t delta, void* init);
  void syncVm() {
    vm.elements = elements.data();
    vm.size = static_cast<uint32_t>(elements.size());
    type.limits.min = elements.size();
  }
};

// A global's storage and type.
struct GlobalVar::Object {
  detail::StoreImpl* store = nullptr;
  GlobalType type;
  vm::VMGlobal cell;
};

// An instantiated module: its VMContext and the index spaces generated code reads through it.
struct Instance::Object {
  detail::StoreImpl* store = nullptr;
  Module module;
  vm::VMContext ctx;

  std::vector<vm::FuncRef*> functions;  // ctx.functions: imported, then defined ones
  std::vector<detail::FuncObject*> funcObjects;
  // The records of the defined functions, in one allocation, and the argument layout of each
  // type index they point at.
  std::unique_ptr<detail::FuncObject[]> definedFuncs;
  std::vector<vm::ArgLayout> typeLayouts;
  std::vector<vm::VMGlobal*> globalCells;  // ctx.globals
  std::vector<detail::GlobalObject*> globals;
  std::vector<vm::VMTable*> tableRecords;  // ctx.tables
  std::vector<detail::TableObject*> tables;
  std::vector<detail::MemoryObject*> memories;
  // The machine code this instance runs: its module's compiled(), or its explicitBoundsCode()
  // when one of its memories has no guard pages. Kept here for backtraces, and alive as long
  // as the instance.
  std::shared_ptr<const jit::CompiledModule> code;

  // Element segments evaluated to raw VM values; a dropped segment is empty.
  std::vector<std::vector<void*>> elemSegments;
  // Data segments' bytes inside the module; a dropped segment is empty.
  std::vector<std::span<const uint8_t>> dataSegments;

  std::vector<NamedExtern> exports;
  std::map<std::string, size_t, std::less<>> exportIndex;

  explicit Object(const Module& m) : module(m) {}
};

}  // namespace sable
