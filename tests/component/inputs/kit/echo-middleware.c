// Guest for world example:echo/middleware (echo.wit): forwards each echo to the imported one and
// returns what it answered, so a call through it crosses two component boundaries each way.
#include <stdint.h>

#include "guest.h"

#define IMPORT(name) __attribute__((import_module("example:echo/echo"), import_name(name)))
#define EXPORT(name) __attribute__((export_name("example:echo/echo#" name)))
#define POST(name) __attribute__((export_name("cabi_post_example:echo/echo#" name)))

IMPORT("echo-u32") extern uint32_t inner_u32(uint32_t x);
IMPORT("echo-str") extern void inner_str(const char* ptr, size_t len, void* ret);
IMPORT("echo-list") extern void inner_list(const char* ptr, size_t len, void* ret);

static struct { char* ptr; size_t len; } ret;  // string, list<u8>: the inner echo's answer

EXPORT("echo-u32") uint32_t echo_u32(uint32_t x) { return inner_u32(x); }

EXPORT("echo-str") void* echo_str(char* ptr, size_t len) {
  inner_str(ptr, len, &ret);
  free_lowered(ptr, len);
  return &ret;
}
POST("echo-str") void echo_str_post(void* p) { (void)p; free_lowered(ret.ptr, ret.len); }

EXPORT("echo-list") void* echo_list(char* ptr, size_t len) {
  inner_list(ptr, len, &ret);
  free_lowered(ptr, len);
  return &ret;
}
POST("echo-list") void echo_list_post(void* p) { echo_str_post(p); }
