/* Recursive calls: naive Fibonacci. */
#include <stdio.h>
#include <stdlib.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 41;
  unsigned sum = 0;
  for (int i = n - 2; i <= n; ++i) sum = sum * 31u + (unsigned)fib(i);
  printf("fib checksum %u\n", sum);
  return 0;
}
