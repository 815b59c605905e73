// example:kv/kv-store's imports with their canonical ABI signatures (kvbench.c, passthru.c).
#pragma once
#include <stddef.h>
#include <stdint.h>

// option<string>, as get writes it to its return pointer.
typedef struct { uint8_t tag; char* ptr; size_t len; } kv_option_string;

__attribute__((import_module("example:kv/kv-store"), import_name("get")))
extern void kv_get(const char* key, size_t key_len, kv_option_string* ret);
__attribute__((import_module("example:kv/kv-store"), import_name("set")))
extern void kv_set(const char* k, size_t kl, const char* v, size_t vl);
