// The C API's runtime objects (wasm.h declares them opaque; they are defined here) over Sable's
// C++ API: engines, stores, and the reference handles (functions, globals, tables, memories,
// instances, foreign objects, modules, traps).
//
// Ownership as wasm.h describes it: every `wasm_*_t*` a function returns as `own` is a handle
// the caller deletes. A handle is not the object: Sable's store owns functions, globals, tables,
// memories and instances until the store is deleted, so deleting a handle (or copying it) never
// touches the object. Each object the C API has shown gets one record in its store
// (sable::capi::StoreObject) holding its host info; all handles to it point at that record,
// which is how wasm_*_same and host info work across copies. Modules and traps live outside
// stores: their records are shared by their handles and die with the last one.
#pragma once

#include <wasm.h>

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

#include "sable/engine.h"
#include "sable/extern.h"
#include "sable/instance.h"
#include "sable/module.h"
#include "sable/store.h"

namespace sable::capi {

// Embedder data attached to an object, with the finalizer that runs when the object dies.
class HostInfo {
 public:
  HostInfo() = default;
  HostInfo(const HostInfo&) = delete;
  HostInfo& operator=(const HostInfo&) = delete;
  ~HostInfo() { finalize(); }

  void* data() const { return data_; }
  // Replaces the data; the previous data's finalizer runs first, as its object no longer
  // refers to it.
  void set(void* data, void (*finalizer)(void*)) {
    finalize();
    data_ = data;
    finalizer_ = finalizer;
  }
  // Runs the finalizer once (later calls and the destructor do nothing more).
  void finalize() {
    void (*finalizer)(void*) = finalizer_;
    finalizer_ = nullptr;
    if (finalizer != nullptr) finalizer(data_);
  }

 private:
  void* data_ = nullptr;
  void (*finalizer_)(void*) = nullptr;
};

// What a reference handle refers to.
enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Module, Trap };

// The shared part of every object behind a handle: its host info. Handles compare equal
// (wasm_*_same) when they point at the same record.
struct Record {
  virtual ~Record() = default;
  HostInfo hostInfo;
};

// An object living in a store, as the C API knows it. Foreign objects hold no Sable handle:
// the record is the object (an externref to it carries the record's address).
struct StoreObject : Record {
  RefKind kind = RefKind::Foreign;
  std::variant<std::monostate, Func, GlobalVar, Table, Memory, Instance> handle;
};

// A compiled module (which keeps its engine alive).
struct ModuleRecord : Record {
  explicit ModuleRecord(Module module) : module(std::move(module)) {}
  Module module;
};

// A trap: its message (without the terminating NUL the C API adds).
struct TrapRecord : Record {
  explicit TrapRecord(std::string message) : message(std::move(message)) {}
  std::string message;
};

}  // namespace sable::capi

// Engine configuration: nothing is configurable through wasm.h yet.
struct wasm_config_t {};

// An engine. Its stores and modules share it, so it outlives them whatever the deletion order.
struct wasm_engine_t {
  sable::Engine engine;
};

// A store and the C API's records of the objects in it.
struct wasm_store_t {
  explicit wasm_store_t(const sable::Engine& engine);
  // Runs every host-info finalizer, in the order the objects became known, then frees the
  // objects (host functions' environments are finalized with them).
  ~wasm_store_t();
  wasm_store_t(const wasm_store_t&) = delete;
  wasm_store_t& operator=(const wasm_store_t&) = delete;

  // The record of a Sable object of this store, created the first time it is asked for.
  sable::capi::StoreObject& recordOf(const sable::Extern& value);
  sable::capi::StoreObject& recordOf(const sable::Instance& instance);
  // A new foreign object.
  sable::capi::StoreObject& newForeign();

  sable::Store store;

 private:
  // The objects a record can stand for, by handle.
  using Identity =
      std::variant<sable::Func, sable::GlobalVar, sable::Table, sable::Memory, sable::Instance>;
  sable::capi::StoreObject& intern(const Identity& identity, sable::capi::RefKind kind);

  std::deque<sable::capi::StoreObject> objects_;  // stable addresses, creation order
  std::unordered_map<Identity, sable::capi::StoreObject*> byIdentity_;
};

// A handle to an object. Each kind of handle is its own type (so wasm.h's casts are checked by
// `kind`), and all share this layout.
struct wasm_ref_t {
  wasm_ref_t(sable::capi::RefKind kind, wasm_store_t* store, sable::capi::Record* record,
             std::shared_ptr<sable::capi::Record> owner)
      : kind(kind), store(store), record(record), owner(std::move(owner)) {}
  virtual ~wasm_ref_t() = default;
  wasm_ref_t(const wasm_ref_t&) = delete;
  wasm_ref_t& operator=(const wasm_ref_t&) = delete;

  // The store object this handle refers to (not for modules and traps).
  sable::capi::StoreObject& storeObject() const {
    return static_cast<sable::capi::StoreObject&>(*record);
  }

  sable::capi::RefKind kind;
  wasm_store_t* store;  // null for modules and traps
  sable::capi::Record* record;
  std::shared_ptr<sable::capi::Record> owner;  // modules and traps: keeps the record alive
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  sable::Extern value() const;
};
struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  sable::Func func() const { return std::get<sable::Func>(storeObject().handle); }
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  sable::GlobalVar global() const { return std::get<sable::GlobalVar>(storeObject().handle); }
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  sable::Table table() const { return std::get<sable::Table>(storeObject().handle); }
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  sable::Memory memory() const { return std::get<sable::Memory>(storeObject().handle); }
};
struct wasm_instance_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  sable::Instance instance() const { return std::get<sable::Instance>(storeObject().handle); }
};
struct wasm_foreign_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_module_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  const sable::capi::ModuleRecord& moduleRecord() const {
    return static_cast<const sable::capi::ModuleRecord&>(*record);
  }
};
struct wasm_trap_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  const std::string& message() const {
    return static_cast<const sable::capi::TrapRecord&>(*record).message;
  }
};

// A module detached from any store, for another thread (wasm_module_share/obtain).
struct wasm_shared_module_t {
  sable::Module module;
};

namespace sable::capi {

// A new handle of the type matching `kind`.
wasm_ref_t* newHandle(RefKind kind, wasm_store_t* store, Record* record,
                      std::shared_ptr<Record> owner = nullptr);
// A new handle to a store object.
wasm_ref_t* newHandle(wasm_store_t* store, StoreObject& object);
// A new handle of the same object (null for null).
wasm_ref_t* copyHandle(const wasm_ref_t* ref);

// A new trap handle carrying `message`.
wasm_trap_t* newTrap(std::string message);

}  // namespace sable::capi
