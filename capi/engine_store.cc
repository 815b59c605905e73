// Configurations, engines and stores.
#include <cstdio>

#include "objects.h"

wasm_store_t::wasm_store_t(const sable::Engine& engine) : store(engine) {}

wasm_store_t::~wasm_store_t() {
  for (sable::capi::StoreObject& object : objects_) object.hostInfo.finalize();
}

sable::capi::StoreObject& wasm_store_t::intern(const Identity& identity,
                                               sable::capi::RefKind kind) {
  auto [it, inserted] = byIdentity_.try_emplace(identity, nullptr);
  if (inserted) {
    sable::capi::StoreObject& object = objects_.emplace_back();
    object.kind = kind;
    it->second = &object;
  }
  return *it->second;
}

sable::capi::StoreObject& wasm_store_t::recordOf(const sable::Extern& value) {
  using sable::capi::RefKind;
  sable::capi::StoreObject* object = nullptr;
  if (auto f = value.func()) {
    object = &intern(*f, RefKind::Func);
    object->handle = *f;
  } else if (auto g = value.global()) {
    object = &intern(*g, RefKind::Global);
    object->handle = *g;
  } else if (auto t = value.table()) {
    object = &intern(*t, RefKind::Table);
    object->handle = *t;
  } else {
    auto m = value.memory();
    object = &intern(*m, RefKind::Memory);
    object->handle = *m;
  }
  return *object;
}

sable::capi::StoreObject& wasm_store_t::recordOf(const sable::Instance& instance) {
  sable::capi::StoreObject& object = intern(instance, sable::capi::RefKind::Instance);
  object.handle = instance;
  return object;
}

sable::capi::StoreObject& wasm_store_t::newForeign() {
  sable::capi::StoreObject& object = objects_.emplace_back();
  object.kind = sable::capi::RefKind::Foreign;
  return object;
}

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* config) { delete config; }

wasm_engine_t* wasm_engine_new(void) { return wasm_engine_new_with_config(wasm_config_new()); }

// wasm.h has no way to report why an engine could not be made, so the reason goes to stderr.
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  delete config;
  sable::Result<sable::Engine> engine = sable::Engine::create();
  if (!engine) {
    std::fprintf(stderr, "sable: wasm_engine_new: %s\n", engine.error().toString().c_str());
    return nullptr;
  }
  return new wasm_engine_t{std::move(*engine)};
}

void wasm_engine_delete(wasm_engine_t* engine) { delete engine; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) { return new wasm_store_t(engine->engine); }
void wasm_store_delete(wasm_store_t* store) { delete store; }

}  // extern "C"
