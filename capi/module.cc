// Modules: compilation, validation, reflection (imports and exports), sharing between threads,
// and serialization (not supported until Sable has a code cache).
#include <cstdio>
#include <span>
#include <vector>

#include "objects.h"
#include "types.h"

namespace {

using sable::capi::ModuleRecord;

std::span<const uint8_t> bytesOf(const wasm_byte_vec_t* binary) {
  return {reinterpret_cast<const uint8_t*>(binary->data), binary->size};
}

wasm_module_t* newModuleHandle(sable::Module module) {
  auto record = std::make_shared<ModuleRecord>(std::move(module));
  ModuleRecord* raw = record.get();
  return static_cast<wasm_module_t*>(
      sable::capi::newHandle(sable::capi::RefKind::Module, nullptr, raw, std::move(record)));
}

wasm_name_t newName(const std::string& text) {
  wasm_name_t name;
  wasm_byte_vec_new(&name, text.size(), text.data());
  return name;
}

// The C API's copy of `type`.
wasm_externtype_t* newExternType(const sable::ExternType& type) {
  if (const sable::FuncType* f = type.func()) return sable::capi::newFuncType(*f);
  if (const sable::TableType* t = type.table()) return sable::capi::newTableType(*t);
  if (const sable::MemoryType* m = type.memory()) return sable::capi::newMemoryType(*m);
  return sable::capi::newGlobalType(*type.global());
}

}  // namespace

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  sable::Result<sable::Module> module =
      sable::Module::compile(store->store.engine(), bytesOf(binary));
  if (!module) return nullptr;
  return newModuleHandle(std::move(*module));
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return sable::Module::compile(store->store.engine(), bytesOf(binary)).ok();
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  const std::vector<sable::ImportType> imports = module->moduleRecord().module.imports();
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    const sable::ImportType& import = imports[i];
    out->data[i] = new wasm_importtype_t{newName(import.module), newName(import.name),
                                         newExternType(import.type)};
  }
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  const std::vector<sable::ExportType> exports = module->moduleRecord().module.exports();
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) {
    const sable::ExportType& e = exports[i];
    out->data[i] = new wasm_exporttype_t{newName(e.name), newExternType(e.type)};
  }
}

// Sable cannot store compiled code yet, and wasm.h has no error channel here, so the reason goes
// to stderr and the result is empty (which wasm_module_deserialize then refuses).
void wasm_module_serialize(const wasm_module_t*, wasm_byte_vec_t* out) {
  std::fputs("sable: wasm_module_serialize: serialization is not supported yet\n", stderr);
  wasm_byte_vec_new_empty(out);
}

wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*) {
  std::fputs("sable: wasm_module_deserialize: serialization is not supported yet\n", stderr);
  return nullptr;
}

// A Sable module is immutable and may be used from any thread, so sharing is a copy.
wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  const ModuleRecord& record = module->moduleRecord();
  return new wasm_shared_module_t{record.module};
}

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  if (store->store.engine() != shared->module.engine())
    return nullptr;  // compiled for another engine
  return newModuleHandle(shared->module);
}

void wasm_shared_module_delete(wasm_shared_module_t* shared) { delete shared; }

}  // extern "C"
