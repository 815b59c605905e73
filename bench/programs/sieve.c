/* Sieve of Eratosthenes over a byte array, repeated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 36;
  const int n = 8 * 1000 * 1000;
  unsigned char *composite = malloc(n + 1);
  unsigned long long sum = 0;
  for (int r = 0; r < reps; ++r) {
    memset(composite, 0, n + 1);
    int count = 0;
    for (int i = 2; i <= n; ++i) {
      if (composite[i]) continue;
      ++count;
      sum += (unsigned long long)i * (unsigned)(r + 1);
      for (long long j = (long long)i * i; j <= n; j += i) composite[j] = 1;
    }
    sum ^= (unsigned long long)count << 20;
  }
  printf("sieve checksum %llu\n", sum);
  free(composite);
  return 0;
}
