/* CRC-32 (table driven) of a buffer, then base64 encode and decode it, repeated. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32(const unsigned char *p, size_t n, uint32_t crc) {
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 255] ^ (crc >> 8);
  return ~crc;
}

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const unsigned char *in, size_t n, char *out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63];
    out[o++] = alphabet[v >> 6 & 63]; out[o++] = alphabet[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
    out[o++] = alphabet[v >> 18]; out[o++] = alphabet[v >> 12 & 63];
    out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
    out[o++] = '=';
  }
  return o;
}

static size_t decode(const char *in, size_t n, unsigned char *out, const signed char *rev) {
  size_t o = 0;
  for (size_t i = 0; i + 4 <= n; i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = in[i + k];
      if (c == '=') { v <<= 6; ++pad; } else v = v << 6 | (uint32_t)rev[(unsigned char)c];
    }
    out[o++] = v >> 16;
    if (pad < 2) out[o++] = v >> 8 & 255;
    if (pad < 1) out[o++] = v & 255;
  }
  return o;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 120;
  size_t n = 1000001;
  unsigned char *buf = malloc(n), *back = malloc(n + 3);
  char *text = malloc(n / 3 * 4 + 8);
  signed char rev[256];
  for (int i = 0; i < 256; ++i) rev[i] = -1;
  for (int i = 0; i < 64; ++i) rev[(unsigned char)alphabet[i]] = (signed char)i;
  make_table();
  uint32_t s = 1;
  for (size_t i = 0; i < n; ++i) { s = s * 1664525u + 1013904223u; buf[i] = (unsigned char)(s >> 24); }
  uint32_t crc = 0;
  unsigned long long textsum = 0;
  for (int r = 0; r < reps; ++r) {
    buf[r] ^= (unsigned char)r;
    crc = crc32(buf, n, crc);
    size_t tn = encode(buf, n, text);
    textsum += (unsigned char)text[tn / 2 + r] + tn;
    size_t bn = decode(text, tn, back, rev);
    crc = crc32(back, bn, crc);
  }
  printf("crc_base64 checksum %08x %llu\n", crc, textsum);
  free(buf); free(back); free(text);
  return 0;
}
