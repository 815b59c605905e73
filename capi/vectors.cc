// The vector functions of WASM_DECLARE_VEC for every element type. A vector owns its elements:
// copies are deep (each element copied with its own copy function) and deletion deletes them.
#include <algorithm>

#include "objects.h"
#include "types.h"

namespace {

// Frees `vec`'s elements with `deleteElement` and the array, leaving it empty.
template <typename Vec, typename DeleteElement>
void deleteVec(Vec* vec, DeleteElement deleteElement) {
  for (size_t i = 0; i < vec->size; ++i) deleteElement(vec->data[i]);
  delete[] vec->data;
  vec->size = 0;
  vec->data = nullptr;
}

// Zero-filled, so a vector deleted before all its pointers are set frees only what was set.
template <typename Vec>
void newUninitializedVec(Vec* out, size_t size) {
  using Element = std::remove_pointer_t<decltype(out->data)>;
  out->size = size;
  out->data = size == 0 ? nullptr : new Element[size]();
}

void copyByte(wasm_byte_t* out, wasm_byte_t in) { *out = in; }
void deleteByte(wasm_byte_t) {}
void copyVal(wasm_val_t* out, const wasm_val_t& in) { wasm_val_copy(out, &in); }
void deleteVal(wasm_val_t& val) { wasm_val_delete(&val); }

}  // namespace

// `copy_element(Element* out, const Element& in)` and `delete_element(Element&)`.
#define SABLE_CAPI_VEC(name, copy_element, delete_element)                                \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                            \
    out->size = 0;                                                                        \
    out->data = nullptr;                                                                  \
  }                                                                                       \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {       \
    newUninitializedVec(out, size);                                                       \
  }                                                                                       \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size,                       \
                             std::remove_pointer_t<decltype(out->data)> const data[]) {   \
    newUninitializedVec(out, size);                                                       \
    std::copy(data, data + size, out->data);                                              \
  }                                                                                       \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* vec) { \
    newUninitializedVec(out, vec->size);                                                  \
    for (size_t i = 0; i < vec->size; ++i) copy_element(&out->data[i], vec->data[i]);     \
  }                                                                                       \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* vec) { deleteVec(vec, delete_element); }

// Pointer vectors copy and delete each element with wasm_<name>_copy and wasm_<name>_delete.
#define SABLE_CAPI_POINTER_VEC(name)                                                           \
  SABLE_CAPI_VEC(                                                                              \
      name,                                                                                    \
      [](wasm_##name##_t** out, const wasm_##name##_t* in) { *out = wasm_##name##_copy(in); }, \
      [](wasm_##name##_t* element) { wasm_##name##_delete(element); })

extern "C" {

SABLE_CAPI_VEC(byte, copyByte, deleteByte)
SABLE_CAPI_VEC(val, copyVal, deleteVal)
SABLE_CAPI_POINTER_VEC(valtype)
SABLE_CAPI_POINTER_VEC(functype)
SABLE_CAPI_POINTER_VEC(globaltype)
SABLE_CAPI_POINTER_VEC(tabletype)
SABLE_CAPI_POINTER_VEC(memorytype)
SABLE_CAPI_POINTER_VEC(externtype)
SABLE_CAPI_POINTER_VEC(importtype)
SABLE_CAPI_POINTER_VEC(exporttype)
SABLE_CAPI_POINTER_VEC(frame)
SABLE_CAPI_POINTER_VEC(extern)

}  // extern "C"
