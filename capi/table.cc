// Tables.
#include "objects.h"
#include "types.h"
#include "values.h"

extern "C" {

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  std::optional<sable::TableType> tableType = sable::capi::toTableType(*type);
  if (!tableType) return nullptr;
  sable::Result<sable::Value> initValue = sable::capi::toRefValue(init, tableType->elemType);
  if (!initValue) return nullptr;
  sable::Result<sable::Table> table = sable::Table::create(store->store, *tableType, *initValue);
  if (!table) return nullptr;
  return static_cast<wasm_table_t*>(sable::capi::newHandle(store, store->recordOf(*table)));
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  return sable::capi::newTableType(table->table().type());
}

// Null for a null element and for an index out of bounds.
wasm_ref_t* wasm_table_get(const wasm_table_t* table, wasm_table_size_t index) {
  sable::Result<sable::Value> value = table->table().get(index);
  if (!value) return nullptr;
  return sable::capi::toCValue(table->store, *value).of.ref;
}

bool wasm_table_set(wasm_table_t* table, wasm_table_size_t index, wasm_ref_t* ref) {
  sable::Table t = table->table();
  sable::Result<sable::Value> value = sable::capi::toRefValue(ref, t.type().elemType);
  return value && t.set(index, *value).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* table) { return table->table().size(); }

bool wasm_table_grow(wasm_table_t* table, wasm_table_size_t delta, wasm_ref_t* init) {
  sable::Table t = table->table();
  sable::Result<sable::Value> value = sable::capi::toRefValue(init, t.type().elemType);
  return value && t.grow(delta, *value).ok();
}

}  // extern "C"
