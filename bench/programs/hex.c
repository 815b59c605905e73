/* Hex encoding of a 1 MiB buffer, repeated: the intrinsics kernel of the SIMD benchmarks.
 * Built with -msimd128 (wasm/hex-simd.wasm) it encodes 16 bytes at a time with wasm_simd128.h
 * (nibbles looked up with i8x16.swizzle, interleaved with i8x16.shuffle); every other build
 * (scalar wasm, native) uses the plain C loop, so the scalar build is its own baseline. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

enum { kBytes = 1 << 20, kPasses = 1500 };

static const char digits[] = "0123456789abcdef";

static void encode_scalar(const unsigned char *in, size_t n, char *out) {
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15];
  }
}

#ifdef __wasm_simd128__
static void encode(const unsigned char *in, size_t n, char *out) {
  const v128_t table = wasm_v128_load(digits);
  const v128_t low_nibble = wasm_i8x16_splat(15);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t bytes = wasm_v128_load(in + i);
    v128_t hi = wasm_i8x16_swizzle(table, wasm_u8x16_shr(bytes, 4));
    v128_t lo = wasm_i8x16_swizzle(table, wasm_v128_and(bytes, low_nibble));
    wasm_v128_store(out + 2 * i, wasm_i8x16_shuffle(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5,
                                                    21, 6, 22, 7, 23));
    wasm_v128_store(out + 2 * i + 16, wasm_i8x16_shuffle(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12,
                                                         28, 13, 29, 14, 30, 15, 31));
  }
  encode_scalar(in + i, n - i, out + 2 * i);
}
#else
static void encode(const unsigned char *in, size_t n, char *out) { encode_scalar(in, n, out); }
#endif

int main(void) {
  unsigned char *in = malloc(kBytes);
  char *out = malloc(2 * kBytes);
  if (!in || !out) return 1;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < kBytes; ++i) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    in[i] = (unsigned char)x;
  }
  uint64_t sample = 0;
  for (int pass = 0; pass < kPasses; ++pass) {
    /* One changed byte per pass, and a sample of every output, so no pass can be skipped. */
    in[(size_t)pass * 7919 % kBytes] ^= (unsigned char)pass;
    encode(in, kBytes, out);
    sample = sample * 31 + (unsigned char)out[(size_t)pass * 104729 % (2 * kBytes)];
  }
  uint64_t fnv = 0xCBF29CE484222325ull;
  for (size_t i = 0; i < 2 * kBytes; ++i) fnv = (fnv ^ (unsigned char)out[i]) * 0x100000001B3ull;
  printf("hex checksum %016llx %llu\n", (unsigned long long)fnv, (unsigned long long)sample);
  free(in);
  free(out);
  return 0;
}
