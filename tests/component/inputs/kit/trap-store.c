// Provider for world example:kv/store with an injected fault: store.c's in-memory kv-store,
// except that get("visits") traps (wasm `unreachable`). The trap-chain tests (issue 16) plug it
// under the logger so a trap three components deep shows the chain app -> logger -> store.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

struct entry { char* k; size_t kl; char* v; size_t vl; };
static struct entry table[64];
static int count;

static struct entry* find(const char* k, size_t kl) {
  for (int i = 0; i < count; i++)
    if (table[i].kl == kl && memcmp(table[i].k, k, kl) == 0) return &table[i];
  return 0;
}

// The injected fault: wasm `unreachable` for the key the app reads first.
__attribute__((noinline))
static void fail_on_poisoned_key(const char* k, size_t kl) {
  if (kl == 6 && memcmp(k, "visits", 6) == 0) __builtin_trap();
}

static struct { uint8_t tag; char* ptr; size_t len; } get_ret;

// get: func(key: string) -> option<string>; traps on "visits".
__attribute__((export_name("example:kv/kv-store#get")))
void* kv_get(char* k, size_t kl) {
  fail_on_poisoned_key(k, kl);
  struct entry* e = find(k, kl);
  free(k);
  get_ret.tag = e ? 1 : 0;
  if (e) { get_ret.ptr = e->v; get_ret.len = e->vl; }
  return &get_ret;
}

__attribute__((export_name("cabi_post_example:kv/kv-store#get")))
void kv_get_post(void* p) { (void)p; }  // values stay owned by the table

__attribute__((export_name("example:kv/kv-store#set")))
void kv_set(char* k, size_t kl, char* v, size_t vl) {
  struct entry* e = find(k, kl);
  if (e) { free(k); free(e->v); e->v = v; e->vl = vl; return; }
  if (count == 64) { free(k); free(v); return; }
  table[count++] = (struct entry){k, kl, v, vl};
}
