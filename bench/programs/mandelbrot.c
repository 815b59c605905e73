/* Mandelbrot set in single-precision floats: the iteration counts summed. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int size = argc > 1 ? atoi(argv[1]) : 2600;
  const int max_iter = 200;
  unsigned long long total = 0;
  unsigned hash = 0;
  for (int y = 0; y < size; ++y) {
    float ci = (float)y * 2.5f / (float)size - 1.25f;
    for (int x = 0; x < size; ++x) {
      float cr = (float)x * 3.0f / (float)size - 2.1f;
      float zr = 0, zi = 0;
      int it = 0;
      while (it < max_iter && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        ++it;
      }
      total += (unsigned)it;
      hash = hash * 33u ^ (unsigned)it;
    }
  }
  printf("mandelbrot checksum %llu %u\n", total, hash);
  return 0;
}
