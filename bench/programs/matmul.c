/* Double-precision matrix multiply (i-k-j loop order). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 832;
  int reps = 3;
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n),
         *c = malloc(sizeof(double) * n * n);
  unsigned s = 12345;
  for (int i = 0; i < n * n; ++i) {
    s = s * 1103515245u + 12345u;
    a[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
    s = s * 1103515245u + 12345u;
    b[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
  }
  double total = 0;
  for (int r = 0; r < reps; ++r) {
    for (int i = 0; i < n * n; ++i) c[i] = 0;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < n; ++k) {
        double aik = a[i * n + k];
        for (int j = 0; j < n; ++j) c[i * n + j] += aik * b[k * n + j];
      }
    for (int i = 0; i < n * n; i += 7) total += c[i];
    a[r] += 0.5;
  }
  printf("matmul checksum %.6f\n", total);
  free(a); free(b); free(c);
  return 0;
}
