// Guest for world example:kv/bench-app: bench-set / bench-get call kv-store's set / get n times
// with the keys and values of kvguest.c's bench exports (16-byte keys "key-000000000042", 1,000
// distinct; 100-byte values), so sable-kvbench can time the seed's interface served by the host
// directly and through a middleware (passthru.c). Imports nothing else (no adapter).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("example:kv/kv-store"), import_name("get")))
extern void kv_get(const char* key, size_t key_len, void* ret);
__attribute__((import_module("example:kv/kv-store"), import_name("set")))
extern void kv_set(const char* k, size_t kl, const char* v, size_t vl);

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

// Key i: "key-" and i in 12 zero-padded decimal digits (no stdio: the guest imports no WASI).
static void bench_key(char key[16], uint32_t i) {
  memcpy(key, "key-", 4);
  for (int d = 15; d >= 4; --d) { key[d] = (char)('0' + i % 10); i /= 10; }
}

// Sets keys 0..999 (cycling) n times to a 100-byte value; returns n.
__attribute__((export_name("bench-set")))
uint32_t bench_set(uint32_t n) {
  char key[16], value[100];
  memset(value, 'v', sizeof value);
  for (uint32_t i = 0; i < n; ++i) {
    bench_key(key, i % 1000);
    kv_set(key, sizeof key, value, sizeof value);
  }
  return n;
}

// Gets keys 0..999 (cycling) n times; returns how many were found.
__attribute__((export_name("bench-get")))
uint32_t bench_get(uint32_t n) {
  char key[16];
  uint32_t found = 0;
  for (uint32_t i = 0; i < n; ++i) {
    struct { uint8_t tag; char* ptr; size_t len; } got;  // option<string>
    bench_key(key, i % 1000);
    kv_get(key, sizeof key, &got);
    if (got.tag) {
      ++found;
      if (got.len) free(got.ptr);
    }
  }
  return found;
}
