// Guest for world sable:kv-guest/kv-guest (keyvalue-guest.wit): exercises
// wasi:keyvalue@0.2.0-draft2 (store, atomics, batch) with canonical ABI glue written by hand
// (no wit-bindgen). Every export answers in text so that a host test can compare transcripts.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define STORE "wasi:keyvalue/store@0.2.0-draft2"
#define ATOMICS "wasi:keyvalue/atomics@0.2.0-draft2"
#define BATCH "wasi:keyvalue/batch@0.2.0-draft2"

// The canonical ABI's memory layouts (wasm32: pointers and sizes are 4 bytes).
typedef struct { char* ptr; size_t len; } str_t;               // string, list<u8>
typedef struct { uint8_t tag; str_t other; } kv_error_t;       // error: 0 no-such-store, 1 access-denied, 2 other
typedef struct { uint8_t is_some; str_t val; } opt_str_t;      // option<string>, option<list<u8>>
typedef struct { uint8_t is_err; union { int32_t handle; kv_error_t err; } v; } res_handle_t;
typedef struct { uint8_t is_err; union { opt_str_t ok; kv_error_t err; } v; } res_opt_t;
typedef struct { uint8_t is_err; kv_error_t err; } res_unit_t;
typedef struct { uint8_t is_err; union { uint8_t ok; kv_error_t err; } v; } res_bool_t;
typedef struct { str_t* keys; size_t nkeys; opt_str_t cursor; } key_response_t;
typedef struct { uint8_t is_err; union { key_response_t ok; kv_error_t err; } v; } res_keys_t;
typedef struct { uint8_t is_err; union { int64_t ok; kv_error_t err; } v; } res_s64_t;
typedef struct { uint8_t tag; union { kv_error_t store; int32_t cas; } v; } cas_error_t;  // 0 store-error, 1 cas-failed
typedef struct { uint8_t is_err; cas_error_t err; } res_swap_t;
typedef struct { str_t key; str_t val; } kv_pair_t;            // tuple<string, list<u8>>
typedef struct { uint8_t is_some; kv_pair_t pair; } opt_pair_t;
typedef struct { uint8_t is_err; union { struct { opt_pair_t* ptr; size_t len; } ok; kv_error_t err; } v; } res_many_t;

IMPORT(STORE, "open") void kv_open(const char*, size_t, res_handle_t*);
IMPORT(STORE, "[method]bucket.get") void kv_get(int32_t, const char*, size_t, res_opt_t*);
IMPORT(STORE, "[method]bucket.set") void kv_set(int32_t, const char*, size_t, const char*, size_t, res_unit_t*);
IMPORT(STORE, "[method]bucket.delete") void kv_delete(int32_t, const char*, size_t, res_unit_t*);
IMPORT(STORE, "[method]bucket.exists") void kv_exists(int32_t, const char*, size_t, res_bool_t*);
IMPORT(STORE, "[method]bucket.list-keys") void kv_list_keys(int32_t, int32_t, const char*, size_t, res_keys_t*);
IMPORT(STORE, "[resource-drop]bucket") void kv_drop_bucket(int32_t);
IMPORT(ATOMICS, "increment") void kv_increment(int32_t, const char*, size_t, int64_t, res_s64_t*);
IMPORT(ATOMICS, "[static]cas.new") void kv_cas_new(int32_t, const char*, size_t, res_handle_t*);
IMPORT(ATOMICS, "[method]cas.current") void kv_cas_current(int32_t, res_opt_t*);
IMPORT(ATOMICS, "swap") void kv_swap(int32_t, const char*, size_t, res_swap_t*);
IMPORT(ATOMICS, "[resource-drop]cas") void kv_drop_cas(int32_t);
IMPORT(BATCH, "get-many") void kv_get_many(int32_t, const str_t*, size_t, res_many_t*);
IMPORT(BATCH, "set-many") void kv_set_many(int32_t, const kv_pair_t*, size_t, res_unit_t*);
IMPORT(BATCH, "delete-many") void kv_delete_many(int32_t, const str_t*, size_t, res_unit_t*);

// Frees memory the host lowered into (cabi_realloc gives empty lists and strings no allocation).
static void free_lowered(void* ptr, size_t len) { if (len) free(ptr); }

__attribute__((export_name("cabi_realloc")))
void* cabi_realloc(void* old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void*)align;
  return realloc(old, new_size);
}

// ---- the transcript ----
static struct { char* ptr; size_t len, cap; } out;
static str_t ret_area;

static void put_bytes(const char* s, size_t n) {
  if (out.len + n + 1 > out.cap) {
    out.cap = (out.len + n + 1) * 2;
    out.ptr = realloc(out.ptr, out.cap);
  }
  memcpy(out.ptr + out.len, s, n);
  out.len += n;
}
static void put(const char* s) { put_bytes(s, strlen(s)); }
// Writes `v` in decimal into the `width` bytes at `buf`, zero-padded (no stdio: the guest
// imports nothing but wasi:keyvalue).
static void fmt_uint(char* buf, unsigned long long v, int width) {
  for (int i = width - 1; i >= 0; --i) { buf[i] = (char)('0' + v % 10); v /= 10; }
}
static void put_int(long long v) {
  char b[24];
  int w = 1;
  unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  for (unsigned long long t = m; t >= 10; t /= 10) ++w;
  if (v < 0) put("-");
  fmt_uint(b, m, w);
  put_bytes(b, (size_t)w);
}
static void put_hex(str_t v) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < v.len; ++i) {
    char h[2] = {digits[(uint8_t)v.ptr[i] >> 4], digits[(uint8_t)v.ptr[i] & 15]};
    put_bytes(h, 2);
  }
}
// The error's case name; with `detail`, other's message after a ':'.
static void put_error_case(const kv_error_t* e, int detail) {
  static const char* names[] = {"no-such-store", "access-denied", "other"};
  put(e->tag < 3 ? names[e->tag] : "?");
  if (e->tag == 2 && detail) { put(":"); put_bytes(e->other.ptr, e->other.len); }
}
static void put_error(const kv_error_t* e) { put_error_case(e, 1); }
// Starts a new transcript; finish() hands it to the caller as the export's string result.
static void begin(void) { out.len = 0; }
static str_t* finish(void) {
  ret_area.ptr = out.ptr;
  ret_area.len = out.len;
  out.ptr = NULL;
  out.cap = out.len = 0;
  return &ret_area;
}
static void step(const char* name) { if (out.len) put("\n"); put(name); put(": "); }

// ---- operations, each writing its outcome ----
static str_t s(const char* text) { str_t r = {(char*)text, strlen(text)}; return r; }

static int32_t open_bucket(str_t name) {
  res_handle_t r;
  kv_open(name.ptr, name.len, &r);
  if (r.is_err) { put_error(&r.v.err); return -1; }
  return r.v.handle;
}
static void do_get(int32_t b, str_t key) {
  res_opt_t r;
  kv_get(b, key.ptr, key.len, &r);
  if (r.is_err) { put_error(&r.v.err); return; }
  if (!r.v.ok.is_some) { put("none"); return; }
  put("some "); put_hex(r.v.ok.val); free_lowered(r.v.ok.val.ptr, r.v.ok.val.len);
}
static void do_set(int32_t b, str_t key, str_t value) {
  res_unit_t r;
  kv_set(b, key.ptr, key.len, value.ptr, value.len, &r);
  if (r.is_err) put_error(&r.err); else put("ok");
}
static void do_delete(int32_t b, str_t key) {
  res_unit_t r;
  kv_delete(b, key.ptr, key.len, &r);
  if (r.is_err) put_error(&r.err); else put("ok");
}
static void do_exists(int32_t b, str_t key) {
  res_bool_t r;
  kv_exists(b, key.ptr, key.len, &r);
  if (r.is_err) put_error(&r.v.err); else put(r.v.ok ? "true" : "false");
}
static void do_increment(int32_t b, str_t key, int64_t delta) {
  res_s64_t r;
  kv_increment(b, key.ptr, key.len, delta, &r);
  if (r.is_err) put_error(&r.v.err); else put_int(r.v.ok);
}

// Every key from `cursor` on (all pages), sorted; the number of pages in *pages.
static int cmp_str(const void* a, const void* b) {
  const str_t* x = a; const str_t* y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->ptr, y->ptr, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}
static void do_list(int32_t b, opt_str_t cursor, int* pages) {
  str_t* all = NULL; size_t n = 0;
  *pages = 0;
  for (;;) {
    res_keys_t r;
    kv_list_keys(b, cursor.is_some, cursor.val.ptr, cursor.val.len, &r);
    if (r.is_err) { put_error(&r.v.err); return; }
    ++*pages;
    all = realloc(all, (n + r.v.ok.nkeys + 1) * sizeof(str_t));
    memcpy(all + n, r.v.ok.keys, r.v.ok.nkeys * sizeof(str_t));
    n += r.v.ok.nkeys;
    free_lowered(r.v.ok.keys, r.v.ok.nkeys);
    cursor = r.v.ok.cursor;
    if (!cursor.is_some) break;
  }
  qsort(all, n, sizeof(str_t), cmp_str);
  for (size_t i = 0; i < n; ++i) {
    if (i) put(",");
    put_bytes(all[i].ptr, all[i].len);
    free_lowered(all[i].ptr, all[i].len);
  }
  free(all);
}

// ---- the conformance script ----
static void basic_steps(int32_t b) {
  static const char binary[] = {0, 1, (char)0xff, 'a'};
  str_t bin = {(char*)binary, sizeof binary};
  step("get absent"); do_get(b, s("k"));
  step("exists absent"); do_exists(b, s("k"));
  step("set binary"); do_set(b, s("k"), bin);
  step("get binary"); do_get(b, s("k"));
  step("exists"); do_exists(b, s("k"));
  step("set empty key and value"); do_set(b, s(""), s(""));
  step("get empty key"); do_get(b, s(""));
  step("delete"); do_delete(b, s("k"));
  step("get deleted"); do_get(b, s("k"));
  step("delete absent"); do_delete(b, s("k"));
}

static void large_value_steps(int32_t b) {
  size_t size = 1 << 20;
  char* big = malloc(size);
  for (size_t i = 0; i < size; ++i) big[i] = (char)(i * 7);
  str_t v = {big, size};
  step("set 1 MiB"); do_set(b, s("big"), v);
  res_opt_t r;
  kv_get(b, "big", 3, &r);
  step("get 1 MiB");
  if (r.is_err) put_error(&r.v.err);
  else if (!r.v.ok.is_some) put("none");
  else { put(r.v.ok.val.len == size && !memcmp(r.v.ok.val.ptr, big, size) ? "same" : "differs"); free_lowered(r.v.ok.val.ptr, r.v.ok.val.len); }
  free(big);
  step("delete 1 MiB"); do_delete(b, s("big"));
}

static void listing_steps(int32_t b) {
  char key[8];
  for (int i = 0; i < 250; ++i) {
    key[0] = 'p'; fmt_uint(key + 1, (unsigned)i, 3);
    res_unit_t r;
    kv_set(b, key, 4, "x", 1, &r);
  }
  step("list 250 + empty key");
  opt_str_t start = {0, {0, 0}};
  int pages = 0;
  size_t before = out.len;
  do_list(b, start, &pages);
  size_t commas = 0;
  for (size_t i = before; i < out.len; ++i) commas += out.ptr[i] == ',';
  out.len = before;  // the keys themselves are too many for the transcript: count them
  put_int((long long)commas + 1); put(" keys, more than one page: "); put(pages > 1 ? "yes" : "no");
  for (int i = 0; i < 250; ++i) {
    key[0] = 'p'; fmt_uint(key + 1, (unsigned)i, 3);
    res_unit_t r;
    kv_delete(b, key, 4, &r);
  }
  step("list after deleting them"); do_list(b, start, &pages);
}

static void atomic_steps(int32_t b) {
  step("increment absent by 5"); do_increment(b, s("n"), 5);
  step("increment by -2"); do_increment(b, s("n"), -2);
  step("get counter"); do_get(b, s("n"));
  res_unit_t u;
  kv_set(b, "t", 1, "abc", 3, &u);
  res_s64_t r;
  kv_increment(b, "t", 1, 1, &r);
  step("increment text");  // the message is the store's own: only the case is compared
  if (r.is_err) put_error_case(&r.v.err, 0); else put_int(r.v.ok);
  res_handle_t c1, c2;
  kv_cas_new(b, "c", 1, &c1);
  step("cas.new absent"); if (c1.is_err) { put_error(&c1.v.err); return; } put("ok");
  res_opt_t cur;
  kv_cas_current(c1.v.handle, &cur);
  step("cas.current"); put(cur.is_err ? "err" : cur.v.ok.is_some ? "some" : "none");
  kv_cas_new(b, "c", 1, &c2);
  res_swap_t sw;
  kv_swap(c1.v.handle, "v1", 2, &sw);
  step("swap v1"); put(sw.is_err ? "err" : "ok");
  kv_swap(c2.v.handle, "v2", 2, &sw);
  step("stale swap v2");
  if (!sw.is_err) { put("ok (wrong)"); return; }
  if (sw.err.tag != 1) { put_error(&sw.err.v.store); return; }
  put("cas-failed");
  int32_t retry = sw.err.v.cas;
  kv_cas_current(retry, &cur);
  step("retry's current");
  if (cur.is_err || !cur.v.ok.is_some) put("none"); else { put("some "); put_hex(cur.v.ok.val); }
  kv_swap(retry, "v3", 2, &sw);
  step("retry swap v3"); put(sw.is_err ? "err" : "ok");
  step("get swapped"); do_get(b, s("c"));
  kv_cas_new(b, "c", 1, &c1);
  kv_drop_cas(c1.v.handle);
  step("cas dropped unused"); do_get(b, s("c"));
}

static void batch_steps(int32_t b) {
  kv_pair_t pairs[2] = {{s("x1"), s("a")}, {s("x2"), s("bc")}};
  res_unit_t u;
  kv_set_many(b, pairs, 2, &u);
  step("set-many"); if (u.is_err) put_error(&u.err); else put("ok");
  str_t keys[3] = {s("x1"), s("missing"), s("x2")};
  res_many_t m;
  kv_get_many(b, keys, 3, &m);
  step("get-many");
  if (m.is_err) { put_error(&m.v.err); return; }
  for (size_t i = 0; i < m.v.ok.len; ++i) {
    opt_pair_t* p = &m.v.ok.ptr[i];
    if (i) put(" ");
    if (!p->is_some) { put("none"); continue; }
    put_bytes(p->pair.key.ptr, p->pair.key.len); put("="); put_hex(p->pair.val);
  }
  kv_delete_many(b, keys, 3, &u);
  step("delete-many"); if (u.is_err) put_error(&u.err); else put("ok");
  step("exists after delete-many"); do_exists(b, s("x2"));
}

__attribute__((export_name("conformance")))
str_t* conformance(char* bucket, size_t len) {
  begin();
  step("open");
  int32_t b = open_bucket((str_t){bucket, len});
  if (b < 0) return finish();
  put("ok");
  basic_steps(b);
  large_value_steps(b);
  listing_steps(b);
  atomic_steps(b);
  batch_steps(b);
  kv_drop_bucket(b);
  return finish();
}

__attribute__((export_name("try-open")))
str_t* try_open(char* bucket, size_t len) {
  begin();
  int32_t b = open_bucket((str_t){bucket, len});
  if (b >= 0) { put("ok"); kv_drop_bucket(b); }
  return finish();
}

__attribute__((export_name("put")))
str_t* put_export(char* bucket, size_t blen, char* key, size_t klen, char* value, size_t vlen) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b >= 0) { do_set(b, (str_t){key, klen}, (str_t){value, vlen}); kv_drop_bucket(b); }
  return finish();
}

__attribute__((export_name("fetch")))
str_t* fetch(char* bucket, size_t blen, char* key, size_t klen) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b < 0) return finish();
  res_opt_t r;
  kv_get(b, key, klen, &r);
  if (r.is_err) put_error(&r.v.err);
  else if (!r.v.ok.is_some) put("none");
  else { put("some:"); put_bytes(r.v.ok.val.ptr, r.v.ok.val.len); free_lowered(r.v.ok.val.ptr, r.v.ok.val.len); }
  kv_drop_bucket(b);
  return finish();
}

__attribute__((export_name("keys")))
str_t* keys(char* bucket, size_t blen, int32_t has_cursor, char* cursor, size_t clen) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b < 0) return finish();
  int pages;
  do_list(b, (opt_str_t){(uint8_t)has_cursor, {cursor, clen}}, &pages);
  kv_drop_bucket(b);
  return finish();
}

__attribute__((export_name("first-cursor")))
str_t* first_cursor(char* bucket, size_t blen) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b < 0) return finish();
  res_keys_t r;
  kv_list_keys(b, 0, NULL, 0, &r);
  if (r.is_err) put_error(&r.v.err);
  else if (r.v.ok.cursor.is_some) put_bytes(r.v.ok.cursor.val.ptr, r.v.ok.cursor.val.len);
  kv_drop_bucket(b);
  return finish();
}

__attribute__((export_name("handle-request")))
str_t* handle_request(void) {
  begin();
  int32_t b = open_bucket(s("default"));
  if (b < 0) return finish();
  res_s64_t r;
  kv_increment(b, "visits", 6, 1, &r);
  if (r.is_err) put_error(&r.v.err); else { put("visits="); put_int(r.v.ok); }
  kv_drop_bucket(b);
  return finish();
}

// The benchmark's key i: 16 bytes. Its value: 100 bytes.
static void bench_key(char key[17], uint32_t i) { memcpy(key, "key-", 4); fmt_uint(key + 4, i, 12); }
static char bench_value[100];

__attribute__((export_name("bench-set")))
str_t* bench_set(char* bucket, size_t blen, uint32_t n) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b < 0) return finish();
  memset(bench_value, 'v', sizeof bench_value);
  char key[17];
  for (uint32_t i = 0; i < n; ++i) {
    bench_key(key, i % 1000);
    res_unit_t r;
    kv_set(b, key, 16, bench_value, sizeof bench_value, &r);
    if (r.is_err) { put_error(&r.err); break; }
  }
  if (!out.len) put("ok");
  kv_drop_bucket(b);
  return finish();
}

__attribute__((export_name("bench-get")))
str_t* bench_get(char* bucket, size_t blen, uint32_t n) {
  begin();
  int32_t b = open_bucket((str_t){bucket, blen});
  if (b < 0) return finish();
  char key[17];
  for (uint32_t i = 0; i < n; ++i) {
    bench_key(key, i % 1000);
    res_opt_t r;
    kv_get(b, key, 16, &r);
    if (r.is_err) { put_error(&r.v.err); break; }
    if (r.v.ok.is_some) free_lowered(r.v.ok.val.ptr, r.v.ok.val.len);
  }
  if (!out.len) put("ok");
  kv_drop_bucket(b);
  return finish();
}
