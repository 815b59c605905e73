// Middleware for world example:kv/middleware that only forwards: imports and exports kv-store and
// passes every get and set through unchanged. It imports nothing else (no stdio, so no adapter),
// so timing a call through it measures the component boundary alone (logger.c's stderr write
// would dominate). sable-kvbench puts it between kv-bench.c and the host's store.
#include "guest.h"
#include "kv_store.h"

static kv_option_string ret;

__attribute__((export_name("example:kv/kv-store#get")))
void* mw_get(char* k, size_t kl) {
  kv_get(k, kl, &ret);
  free_lowered(k, kl);
  return &ret;
}

__attribute__((export_name("cabi_post_example:kv/kv-store#get")))
void mw_get_post(void* p) { (void)p; if (ret.tag) free_lowered(ret.ptr, ret.len); }

__attribute__((export_name("example:kv/kv-store#set")))
void mw_set(char* k, size_t kl, char* v, size_t vl) {
  kv_set(k, kl, v, vl);
  free_lowered(k, kl);
  free_lowered(v, vl);
}
