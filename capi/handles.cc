// Reference handles: creation, copies, identity, host info, and the casts between a handle
// type and wasm_ref_t, for every reference type wasm.h declares.
#include "objects.h"

namespace sable::capi {

wasm_ref_t* newHandle(RefKind kind, wasm_store_t* store, Record* record,
                      std::shared_ptr<Record> owner) {
  switch (kind) {
    case RefKind::Func:
      return new wasm_func_t(kind, store, record, std::move(owner));
    case RefKind::Global:
      return new wasm_global_t(kind, store, record, std::move(owner));
    case RefKind::Table:
      return new wasm_table_t(kind, store, record, std::move(owner));
    case RefKind::Memory:
      return new wasm_memory_t(kind, store, record, std::move(owner));
    case RefKind::Instance:
      return new wasm_instance_t(kind, store, record, std::move(owner));
    case RefKind::Foreign:
      return new wasm_foreign_t(kind, store, record, std::move(owner));
    case RefKind::Module:
      return new wasm_module_t(kind, store, record, std::move(owner));
    case RefKind::Trap:
      return new wasm_trap_t(kind, store, record, std::move(owner));
  }
  return nullptr;
}

wasm_ref_t* newHandle(wasm_store_t* store, StoreObject& object) {
  return newHandle(object.kind, store, &object);
}

wasm_ref_t* copyHandle(const wasm_ref_t* ref) {
  if (ref == nullptr) return nullptr;
  return newHandle(ref->kind, ref->store, ref->record, ref->owner);
}

wasm_trap_t* newTrap(std::string message) {
  auto record = std::make_shared<TrapRecord>(std::move(message));
  TrapRecord* raw = record.get();
  return static_cast<wasm_trap_t*>(newHandle(RefKind::Trap, nullptr, raw, std::move(record)));
}

namespace {

bool isExternKind(RefKind kind) {
  return kind == RefKind::Func || kind == RefKind::Global || kind == RefKind::Table ||
         kind == RefKind::Memory;
}

}  // namespace
}  // namespace sable::capi

using sable::capi::RefKind;

// The functions of WASM_DECLARE_REF_BASE(name): delete, copy, same and host info.
#define SABLE_CAPI_REF_BASE(name)                                                   \
  void wasm_##name##_delete(wasm_##name##_t* ref) { delete ref; }                   \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* ref) {                 \
    return static_cast<wasm_##name##_t*>(sable::capi::copyHandle(ref));             \
  }                                                                                 \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {     \
    return a->record == b->record;                                                  \
  }                                                                                 \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* ref) {                   \
    return ref->record->hostInfo.data();                                            \
  }                                                                                 \
  void wasm_##name##_set_host_info(wasm_##name##_t* ref, void* info) {              \
    ref->record->hostInfo.set(info, nullptr);                                       \
  }                                                                                 \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* ref, void* info, \
                                                  void (*finalizer)(void*)) {       \
    ref->record->hostInfo.set(info, finalizer);                                     \
  }

// WASM_DECLARE_REF(name)'s casts: to wasm_ref_t always works, back only for that kind.
#define SABLE_CAPI_REF(name, is_kind)                                                        \
  SABLE_CAPI_REF_BASE(name)                                                                  \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* ref) { return ref; }                     \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* ref) { return ref; }   \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* ref) {                                     \
    return ref != nullptr && (is_kind) ? static_cast<wasm_##name##_t*>(ref) : nullptr;       \
  }                                                                                          \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* ref) {                 \
    return ref != nullptr && (is_kind) ? static_cast<const wasm_##name##_t*>(ref) : nullptr; \
  }

extern "C" {

SABLE_CAPI_REF_BASE(ref)
SABLE_CAPI_REF(trap, ref->kind == RefKind::Trap)
SABLE_CAPI_REF(foreign, ref->kind == RefKind::Foreign)
SABLE_CAPI_REF(module, ref->kind == RefKind::Module)
SABLE_CAPI_REF(func, ref->kind == RefKind::Func)
SABLE_CAPI_REF(global, ref->kind == RefKind::Global)
SABLE_CAPI_REF(table, ref->kind == RefKind::Table)
SABLE_CAPI_REF(memory, ref->kind == RefKind::Memory)
SABLE_CAPI_REF(extern, sable::capi::isExternKind(ref->kind))
SABLE_CAPI_REF(instance, ref->kind == RefKind::Instance)

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  return static_cast<wasm_foreign_t*>(sable::capi::newHandle(store, store->newForeign()));
}

}  // extern "C"
