// The runtime's one way into the public API's handles: the public classes keep their
// internals private and befriend ApiAccess, so embedders cannot reach them while the runtime
// (and its white-box tests) can. Everything here is internal.
#pragma once

#include <cstdint>
#include <memory>

#include "sable/caller.h"
#include "sable/engine.h"
#include "sable/func.h"
#include "sable/global_var.h"
#include "sable/instance.h"
#include "sable/memory.h"
#include "sable/module.h"
#include "sable/store.h"
#include "sable/table.h"

namespace sable {

namespace jit {
class CodeEngine;
}  // namespace jit
namespace detail {
class StoreImpl;
}  // namespace detail

struct ApiAccess {
  // The records behind the handles (runtime/store_objects.h defines them).
  using FuncObject = Func::Object;
  using MemoryObject = Memory::Object;
  using TableObject = Table::Object;
  using GlobalObject = GlobalVar::Object;
  using InstanceObject = Instance::Object;
  using EngineImpl = Engine::Impl;
  using ModuleImpl = Module::Impl;

  // A record's handle.
  static Func handle(FuncObject* object) { return Func(object); }
  static Memory handle(MemoryObject* object) { return Memory(object); }
  static Table handle(TableObject* object) { return Table(object); }
  static GlobalVar handle(GlobalObject* object) { return GlobalVar(object); }
  static Instance handle(InstanceObject* object) { return Instance(object); }

  // A handle's record.
  static FuncObject* object(const Func& f) { return f.object_; }
  static MemoryObject* object(const Memory& m) { return m.object_; }
  static TableObject* object(const Table& t) { return t.object_; }
  static GlobalObject* object(const GlobalVar& g) { return g.object_; }
  static InstanceObject* object(const Instance& i) { return i.object_; }

  static const EngineImpl& impl(const Engine& engine) { return *engine.impl_; }
  static const ModuleImpl& impl(const Module& module) { return *module.impl_; }
  static Module makeModule(std::shared_ptr<const ModuleImpl> impl) {
    return Module(std::move(impl));
  }
  static detail::StoreImpl& impl(const Store& store);  // store_impl.h

  // The Caller of a host function called from `returnAddress` (0: from the host).
  static Caller makeCaller(Store& store, uintptr_t returnAddress) {
    return Caller(store, returnAddress);
  }

  // An engine over `codeEngine` (may be null) instead of the JIT's: for tests that script what
  // generated code does.
  static Engine makeEngine(EngineConfig config, std::unique_ptr<jit::CodeEngine> codeEngine);
};

}  // namespace sable
