// Guest for world example:echo/provider (echo.wit): every echo returns its argument. A string or
// list comes back in the very buffer it was lowered into, freed after the caller has read it.
#include <stdint.h>

#include "guest.h"

#define EXPORT(name) __attribute__((export_name("example:echo/echo#" name)))
#define POST(name) __attribute__((export_name("cabi_post_example:echo/echo#" name)))

static struct { char* ptr; size_t len; } ret;  // string, list<u8>

EXPORT("echo-u32") uint32_t echo_u32(uint32_t x) { return x; }

EXPORT("echo-str") void* echo_str(char* ptr, size_t len) {
  ret.ptr = ptr;
  ret.len = len;
  return &ret;
}
POST("echo-str") void echo_str_post(void* p) { (void)p; free_lowered(ret.ptr, ret.len); }

EXPORT("echo-list") void* echo_list(char* ptr, size_t len) { return echo_str(ptr, len); }
POST("echo-list") void echo_list_post(void* p) { echo_str_post(p); }
