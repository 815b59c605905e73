/* Open-addressing hash table of string keys: inserts, lookups, updates and deletes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { char key[16]; uint32_t hash; int value; int used; };

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; ++s) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static struct entry *table;
static uint32_t mask;

static struct entry *find(const char *key, uint32_t h, int insert) {
  uint32_t i = h & mask;
  for (;;) {
    struct entry *e = &table[i];
    if (e->used == 0) {
      if (!insert) return NULL;
      strcpy(e->key, key); e->hash = h; e->value = 0; e->used = 1;
      return e;
    }
    if (e->used == 1 && e->hash == h && strcmp(e->key, key) == 0) return e;
    i = (i + 1) & mask;
  }
}

static void make_key(char *out, uint32_t k) {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
  out[0] = 'k';
  int n = 1;
  do { out[n++] = digits[k & 31]; k >>= 5; } while (k);
  out[n] = 0;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 10;
  uint32_t size = 1u << 20;
  mask = size - 1;
  table = calloc(size, sizeof(struct entry));
  unsigned long long sum = 0;
  char key[16];
  uint32_t s = 7;
  for (int r = 0; r < reps; ++r) {
    for (int i = 0; i < 400000; ++i) {
      s = s * 1103515245u + 12345u;
      make_key(key, (s >> 8) % 300000u);
      struct entry *e = find(key, hash_str(key), 1);
      e->value += i & 15;
    }
    for (int i = 0; i < 400000; ++i) {
      make_key(key, (uint32_t)i * 7u % 500000u);
      struct entry *e = find(key, hash_str(key), 0);
      if (e) sum += (unsigned)e->value; else sum += 1;
    }
    for (int i = 0; i < 100000; ++i) {  /* tombstones */
      make_key(key, (uint32_t)(i * 3 + r) % 300000u);
      struct entry *e = find(key, hash_str(key), 0);
      if (e) { e->used = 2; sum += 3; }
    }
    unsigned live = 0;
    for (uint32_t i = 0; i < size; ++i) live += table[i].used == 1;
    sum = sum * 31 + live;
    memset(table, 0, sizeof(struct entry) * size);
  }
  printf("hashtable checksum %llu\n", sum);
  free(table);
  return 0;
}
