// Guest for world example:kv/bench-app: bench-set / bench-get call kv-store's set / get n times
// with the keys and values of kvguest.c's bench exports (16-byte keys "key-000000000042", 1,000
// distinct; 100-byte values), so sable-kvbench can time the seed's interface served by the host
// directly and through a middleware (passthru.c). Imports nothing else (no adapter).
#include <string.h>

#include "guest.h"
#include "kv_store.h"

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
    kv_option_string got;
    bench_key(key, i % 1000);
    kv_get(key, sizeof key, &got);
    if (got.tag) {
      ++found;
      free_lowered(got.ptr, got.len);
    }
  }
  return found;
}
