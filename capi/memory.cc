// Linear memories.
#include "objects.h"
#include "types.h"

extern "C" {

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  sable::Result<sable::Memory> memory =
      sable::Memory::create(store->store, sable::MemoryType{sable::capi::toLimits(type->limits)});
  if (!memory) return nullptr;
  return static_cast<wasm_memory_t*>(sable::capi::newHandle(store, store->recordOf(*memory)));
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  return sable::capi::newMemoryType(memory->memory().type());
}

byte_t* wasm_memory_data(wasm_memory_t* memory) {
  return reinterpret_cast<byte_t*>(memory->memory().data().data());
}

size_t wasm_memory_data_size(const wasm_memory_t* memory) { return memory->memory().sizeBytes(); }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  return static_cast<wasm_memory_pages_t>(memory->memory().sizePages());
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  return memory->memory().grow(delta).ok();
}

}  // extern "C"
