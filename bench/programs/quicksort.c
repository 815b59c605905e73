/* Quicksort (hand-written, median of three, insertion sort for small ranges) of random ints. */
#include <stdio.h>
#include <stdlib.h>

static void insertion(int *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; ++i) {
    int v = a[i], j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; --j; }
    a[j + 1] = v;
  }
}

static void quicksort(int *a, int lo, int hi) {
  while (hi - lo > 16) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) { int t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
    if (a[hi] < a[lo]) { int t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
    if (a[hi] < a[mid]) { int t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
    int pivot = a[mid], i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; ++i; --j; }
    }
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion(a, lo, hi);
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 12;
  int n = 1000000;
  int *a = malloc(sizeof(int) * n);
  unsigned s = 2463534242u;
  unsigned long long sum = 0;
  for (int r = 0; r < reps; ++r) {
    for (int i = 0; i < n; ++i) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; a[i] = (int)(s % 100000000u); }
    quicksort(a, 0, n - 1);
    for (int i = 1; i < n; ++i)
      if (a[i - 1] > a[i]) { printf("not sorted\n"); return 1; }
    for (int i = 0; i < n; i += 997) sum = sum * 7 + (unsigned)a[i];
  }
  printf("quicksort checksum %llu\n", sum);
  free(a);
  return 0;
}
