// The canonical ABI of example:kv/kv-store for a C middleware, written by hand (no
// wit-bindgen): the imported get/set of the store below us, the layout of option<string>, and
// cabi_realloc, through which the host copies strings into this module's memory.
//
// Ownership, as the canonical ABI defines it: every string the host hands us (the arguments of
// our exports, the result of an imported get) was allocated here with cabi_realloc and is ours
// to free; a string we hand out (the result of our get) must stay valid until the host calls
// our post-return function.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// option<string> as get writes it to its return area: tag 0 = none, 1 = some(ptr[0..len]).
typedef struct {
  uint8_t tag;
  char* ptr;
  size_t len;
} kv_option_string;

// Exports the function that follows under NAME, the name the canonical ABI gives it in the
// component (`example:kv/kv-store#get`, `cabi_post_...` for its post-return, `cabi_realloc`).
#define EXPORT_AS(NAME) __attribute__((export_name(NAME)))

// The store we wrap (whatever the app's store is plugged in below this component).
__attribute__((import_module("example:kv/kv-store"), import_name("get"))) extern void inner_get(
    const char* key, size_t key_len, kv_option_string* ret);
__attribute__((import_module("example:kv/kv-store"), import_name("set"))) extern void inner_set(
    const char* key, size_t key_len, const char* value, size_t value_len);

// The host allocates the strings it passes us with this. An empty string gets no allocation
// (the alignment is a valid, never dereferenced, non-null pointer), hence free_lowered.
EXPORT_AS("cabi_realloc")
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

// Frees a string the host lowered into this memory.
static inline void free_lowered(char* ptr, size_t len) {
  if (len) free(ptr);
}
