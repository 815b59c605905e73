// Middleware for world example:kv/middleware that only forwards: imports and exports kv-store and
// passes every get and set through unchanged. It imports nothing else (no stdio, so no adapter),
// so timing a call through it measures the component boundary alone (logger.c's stderr write
// would dominate). sable-kvbench puts it between kv-bench.c and the host's store.
#include <stdint.h>
#include <stdlib.h>

__attribute__((import_module("example:kv/kv-store"), import_name("get")))
extern void inner_get(const char* key, size_t key_len, void* ret);
__attribute__((import_module("example:kv/kv-store"), import_name("set")))
extern void inner_set(const char* k, size_t kl, const char* v, size_t vl);

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

// Frees what the canonical ABI lowered into this memory (an empty string has no allocation).
static void free_lowered(char* ptr, size_t len) { if (len) free(ptr); }

static struct { uint8_t tag; char* ptr; size_t len; } ret;  // option<string>

__attribute__((export_name("example:kv/kv-store#get")))
void* mw_get(char* k, size_t kl) {
  inner_get(k, kl, &ret);
  free_lowered(k, kl);
  return &ret;
}

__attribute__((export_name("cabi_post_example:kv/kv-store#get")))
void mw_get_post(void* p) { (void)p; if (ret.tag) free_lowered(ret.ptr, ret.len); }

__attribute__((export_name("example:kv/kv-store#set")))
void mw_set(char* k, size_t kl, char* v, size_t vl) {
  inner_set(k, kl, v, vl);
  free_lowered(k, kl);
  free_lowered(v, vl);
}
