// Globals.
#include "objects.h"
#include "types.h"
#include "values.h"

extern "C" {

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* init) {
  std::optional<sable::GlobalType> globalType = sable::capi::toGlobalType(*type);
  sable::Result<sable::Value> value = sable::capi::toValue(*init);
  if (!globalType || !value) return nullptr;
  sable::Result<sable::GlobalVar> global =
      sable::GlobalVar::create(store->store, *globalType, *value);
  if (!global) return nullptr;
  return static_cast<wasm_global_t*>(sable::capi::newHandle(store, store->recordOf(*global)));
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  return sable::capi::newGlobalType(global->global().type());
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  *out = sable::capi::toCValue(global->store, global->global().get());
}

// wasm.h gives no way to report a failure: setting an immutable global, or a value of another
// type, leaves the global unchanged.
void wasm_global_set(wasm_global_t* global, const wasm_val_t* val) {
  sable::Result<sable::Value> value = sable::capi::toValue(*val);
  if (value) (void)global->global().set(*value);
}

}  // extern "C"
