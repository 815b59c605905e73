/* Pointer chasing: a shuffled singly linked ring and a binary search tree, walked repeatedly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *next; uint32_t value; };
struct tree { struct tree *left, *right; uint32_t key; };

static uint32_t rng_state = 99;
static uint32_t rnd(void) { rng_state ^= rng_state << 13; rng_state ^= rng_state >> 17; rng_state ^= rng_state << 5; return rng_state; }

static struct tree *insert(struct tree *root, struct tree *n) {
  if (!root) return n;
  struct tree *t = root;
  for (;;) {
    struct tree **slot = n->key < t->key ? &t->left : &t->right;
    if (!*slot) { *slot = n; return root; }
    t = *slot;
  }
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 16;
  int n = 1 << 20;
  struct node *nodes = malloc(sizeof(struct node) * n);
  int *perm = malloc(sizeof(int) * n);
  for (int i = 0; i < n; ++i) perm[i] = i;
  for (int i = n - 1; i > 0; --i) { int j = (int)(rnd() % (uint32_t)(i + 1)); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  for (int i = 0; i < n; ++i) { nodes[perm[i]].next = &nodes[perm[(i + 1) % n]]; nodes[perm[i]].value = (uint32_t)i; }
  int tn = 200000;
  struct tree *tnodes = calloc((size_t)tn, sizeof(struct tree)), *root = NULL;
  for (int i = 0; i < tn; ++i) { tnodes[i].key = rnd(); root = insert(root, &tnodes[i]); }
  unsigned long long sum = 0;
  struct node *p = &nodes[0];
  for (int r = 0; r < reps; ++r) {
    for (int i = 0; i < n / 4; ++i) { sum += p->value; p = p->next; }
    for (int i = 0; i < 20000; ++i) {
      uint32_t k = rnd();
      struct tree *t = root;
      int depth = 0;
      while (t) { ++depth; t = k < t->key ? t->left : t->right; }
      sum += (unsigned)depth;
    }
  }
  printf("pointer_chase checksum %llu\n", sum);
  free(nodes); free(perm); free(tnodes);
  return 0;
}
