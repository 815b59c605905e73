// Instances.
#include <vector>

#include "objects.h"
#include "trap_message.h"

extern "C" {

// Imports by position, as wasm.h specifies. Any failure (a missing or mismatched import, a
// trapping start function) is reported through `trap` when the caller passes one.
wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap) {
  if (trap != nullptr) *trap = nullptr;
  std::vector<sable::Extern> externs;
  for (size_t i = 0; i < imports->size; ++i) {
    if (imports->data[i] == nullptr) {
      if (trap != nullptr) *trap = sable::capi::newTrap("import " + std::to_string(i) + " is null");
      return nullptr;
    }
    externs.push_back(imports->data[i]->value());
  }
  sable::Result<sable::Instance> instance =
      sable::Instance::create(store->store, module->moduleRecord().module, externs);
  if (!instance) {
    if (trap != nullptr) {
      *trap = sable::capi::newTrap(sable::capi::trapMessage(store->store, instance.error()));
    }
    return nullptr;
  }
  return static_cast<wasm_instance_t*>(sable::capi::newHandle(store, store->recordOf(*instance)));
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  std::vector<sable::NamedExtern> exports = instance->instance().exports();
  wasm_extern_vec_new_uninitialized(out, exports.size());
  wasm_store_t* store = instance->store;
  for (size_t i = 0; i < exports.size(); ++i) {
    out->data[i] = static_cast<wasm_extern_t*>(
        sable::capi::newHandle(store, store->recordOf(exports[i].value)));
  }
}

}  // extern "C"
