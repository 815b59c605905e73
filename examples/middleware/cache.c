// A caching middleware for example:kv/kv-store: imports the store, exports the same interface,
// and keeps the most recently used entries in its own linear memory.
//
//   get: served from the cache when the key is there (the store below is not called);
//        otherwise forwarded, and the answer (a value, or that there is none) is cached.
//   set: written through: forwarded to the store first, then the cache is updated, so the
//        store always has every write and a get after a set returns the value just set.
//
// What it guarantees: within one instance, reads see every write made through that instance.
// What it does not:
//   - The cache is per instance. Each `sable run` (each process) starts with an empty cache,
//     and two instances, processes or hosts over the same store do not share or invalidate
//     each other's caches.
//   - Writes that bypass this instance (another process on the same SQLite file, `sable kv
//     set`, another instance) are not seen: a cached key keeps its old value until it is
//     evicted. Use it for data with one writer, or that may be read slightly stale.
//   - Nothing is persisted: the cache lives and dies with the instance.
// It is bounded: at most CACHE_ENTRIES entries, the least recently used evicted first, and
// keys or values longer than CACHED_BYTES are passed through without being cached.
#include <string.h>

#include "kv_store_abi.h"

enum { CACHE_ENTRIES = 16, CACHED_BYTES = 1024 };

// One cached key. `found` is whether the store had the key (a none is cached too). The entry
// owns key and value (allocated with cabi_realloc, freed with free_lowered).
typedef struct {
  char* key;
  size_t key_len;
  uint8_t found;
  char* value;
  size_t value_len;
  uint64_t last_used;  // the `use_counter` value of the entry's last get or set; 0 = unused slot
} cache_entry;

static cache_entry cache[CACHE_ENTRIES];
static uint64_t use_counter;  // counts cache uses, for least-recently-used eviction

static cache_entry* cache_find(const char* key, size_t key_len) {
  for (int i = 0; i < CACHE_ENTRIES; ++i) {
    cache_entry* e = &cache[i];
    if (e->last_used && e->key_len == key_len && memcmp(e->key, key, key_len) == 0) return e;
  }
  return NULL;
}

static void cache_drop(cache_entry* e) {
  free_lowered(e->key, e->key_len);
  if (e->found) free_lowered(e->value, e->value_len);
  memset(e, 0, sizeof *e);
}

// An unused slot, else the least recently used entry, emptied.
static cache_entry* cache_free_slot(void) {
  cache_entry* oldest = &cache[0];
  for (int i = 0; i < CACHE_ENTRIES; ++i) {
    if (!cache[i].last_used) return &cache[i];
    if (cache[i].last_used < oldest->last_used) oldest = &cache[i];
  }
  cache_drop(oldest);
  return oldest;
}

// Whether an entry of these sizes may be cached: longer ones are passed through, so that
// one large value cannot take the cache's memory.
static int cacheable(size_t key_len, size_t value_len) {
  return key_len <= CACHED_BYTES && value_len <= CACHED_BYTES;
}

// Drops the entry for key, if there is one.
static void cache_forget(const char* key, size_t key_len) {
  cache_entry* e = cache_find(key, key_len);
  if (e) cache_drop(e);
}

// Caches key -> (found, value), replacing any older entry for key, and takes ownership of key
// and value. Only for cacheable sizes.
static cache_entry* cache_put(char* key, size_t key_len, uint8_t found, char* value,
                              size_t value_len) {
  cache_forget(key, key_len);
  cache_entry* e = cache_free_slot();
  *e = (cache_entry){key, key_len, found, value, value_len, ++use_counter};
  return e;
}

// get's result. It points into a cache entry, or, for a value too long to cache, at the
// inner store's answer, which `uncached_value` then holds until post-return frees it.
static kv_option_string get_result;
static char* uncached_value;

EXPORT_AS("example:kv/kv-store#get")
kv_option_string* cache_get(char* key, size_t key_len) {
  cache_entry* e = cache_find(key, key_len);
  if (e) {
    free_lowered(key, key_len);
    e->last_used = ++use_counter;
  } else {
    kv_option_string inner;
    inner_get(key, key_len, &inner);
    if (!inner.tag) inner = (kv_option_string){0, NULL, 0};  // ptr and len are undefined
    if (!cacheable(key_len, inner.len)) {
      free_lowered(key, key_len);
      uncached_value = inner.ptr;  // ours until post-return
      get_result = inner;
      return &get_result;
    }
    e = cache_put(key, key_len, inner.tag, inner.ptr, inner.len);
  }
  get_result = (kv_option_string){e->found, e->value, e->value_len};
  return &get_result;
}

// The host has copied get's result out; only a value that was too long to cache is ours to free.
EXPORT_AS("cabi_post_example:kv/kv-store#get")
void cache_get_post_return(kv_option_string* result) {
  if (uncached_value) free_lowered(uncached_value, result->len);
  uncached_value = NULL;
}

EXPORT_AS("example:kv/kv-store#set")
void cache_set(char* key, size_t key_len, char* value, size_t value_len) {
  inner_set(key, key_len, value, value_len);  // write through first: the store has every write
  if (cacheable(key_len, value_len)) {
    cache_put(key, key_len, 1, value, value_len);
    return;
  }
  cache_forget(key, key_len);  // so a get cannot return the value this set replaced
  free_lowered(key, key_len);
  free_lowered(value, value_len);
}
