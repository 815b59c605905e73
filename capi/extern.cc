// Externals: the common view of functions, globals, tables and memories.
#include "objects.h"
#include "types.h"

sable::Extern wasm_extern_t::value() const {
  return std::visit(
      [](const auto& handle) -> sable::Extern {
        if constexpr (std::is_same_v<std::decay_t<decltype(handle)>, std::monostate> ||
                      std::is_same_v<std::decay_t<decltype(handle)>, sable::Instance>) {
          std::abort();  // an extern handle always holds one of the four extern kinds
        } else {
          return handle;
        }
      },
      storeObject().handle);
}

// The casts between wasm_extern_t and the four extern kinds: down only for the matching kind.
#define SABLE_CAPI_EXTERN_CASTS(name, KIND)                                            \
  wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* value) { return value; }     \
  const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* value) {   \
    return value;                                                                      \
  }                                                                                    \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* value) {                       \
    return value->kind == KIND ? static_cast<wasm_##name##_t*>(value) : nullptr;       \
  }                                                                                    \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* value) {   \
    return value->kind == KIND ? static_cast<const wasm_##name##_t*>(value) : nullptr; \
  }

using sable::capi::RefKind;

extern "C" {

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* value) {
  switch (value->kind) {
    case RefKind::Global:
      return WASM_EXTERN_GLOBAL;
    case RefKind::Table:
      return WASM_EXTERN_TABLE;
    case RefKind::Memory:
      return WASM_EXTERN_MEMORY;
    default:
      return WASM_EXTERN_FUNC;
  }
}

// The current type: a table's or memory's minimum is its current size.
wasm_externtype_t* wasm_extern_type(const wasm_extern_t* value) {
  switch (value->kind) {
    case RefKind::Global:
      return wasm_global_type(static_cast<const wasm_global_t*>(value));
    case RefKind::Table:
      return wasm_table_type(static_cast<const wasm_table_t*>(value));
    case RefKind::Memory:
      return wasm_memory_type(static_cast<const wasm_memory_t*>(value));
    default:
      return wasm_func_type(static_cast<const wasm_func_t*>(value));
  }
}

SABLE_CAPI_EXTERN_CASTS(func, RefKind::Func)
SABLE_CAPI_EXTERN_CASTS(global, RefKind::Global)
SABLE_CAPI_EXTERN_CASTS(table, RefKind::Table)
SABLE_CAPI_EXTERN_CASTS(memory, RefKind::Memory)

}  // extern "C"
