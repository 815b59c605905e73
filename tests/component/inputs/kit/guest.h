// The canonical ABI glue every benchmark guest needs (kvbench.c, passthru.c, echo-*.c): the
// cabi_realloc export the host allocates lowered strings and lists with, and freeing them.
#pragma once
#include <stdlib.h>

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

// Frees what the canonical ABI lowered into this memory (an empty string or list has no
// allocation: cabi_realloc returned its alignment).
static inline void free_lowered(void* ptr, size_t len) { if (len) free(ptr); }
