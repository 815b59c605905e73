// Guest for world example:echo/caller (echo.wit): loops that call the imported echo n times,
// for the guest-to-guest call benchmark (bench/micro/middleware_call.cc, bench/middleware_bench.py).
#include <stdint.h>
#include <string.h>

#include "guest.h"

#define IMPORT(name) __attribute__((import_module("example:echo/echo"), import_name(name)))

IMPORT("echo-u32") extern uint32_t echo_u32(uint32_t x);
IMPORT("echo-str") extern void echo_str(const char* ptr, size_t len, void* ret);
IMPORT("echo-list") extern void echo_list(const char* ptr, size_t len, void* ret);

static const char string16[16] = "0123456789abcdef";
static uint8_t list64k[64 * 1024];

// Returns the sum of the n results (i for call i).
__attribute__((export_name("loop-u32")))
uint32_t loop_u32(uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) sum += echo_u32(i);
  return sum;
}

// Calls `echo` n times with `len` bytes at `data`; returns how many answers had that length and
// the same first 16 bytes (a whole compare would add a 64 KiB scan to every list call).
static uint32_t loop_bytes(void (*echo)(const char*, size_t, void*), const char* data,
                           size_t len, uint32_t n) {
  uint32_t whole = 0;
  for (uint32_t i = 0; i < n; ++i) {
    struct { char* ptr; size_t len; } got;
    echo(data, len, &got);
    whole += got.len == len && memcmp(got.ptr, data, len < 16 ? len : 16) == 0;
    free_lowered(got.ptr, got.len);
  }
  return whole;
}

__attribute__((export_name("loop-str")))
uint32_t loop_str(uint32_t n) { return loop_bytes(echo_str, string16, sizeof string16, n); }

__attribute__((export_name("loop-list")))
uint32_t loop_list(uint32_t n) {
  for (size_t i = 0; i < sizeof list64k; ++i) list64k[i] = (uint8_t)i;
  return loop_bytes(echo_list, (const char*)list64k, sizeof list64k, n);
}
