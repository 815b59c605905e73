// hello_wasi: a WASI command in C, built with clang-14 --target=wasm32-wasi and Debian's wasi-libc.
// Prints its arguments and one environment variable, then writes a file in the directory it was
// granted (--dir) and reads it back. Run it with:
//   sable run --dir DIR::data --env GREETING=hello examples/hello_wasi.wasm world
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  const char* greeting = getenv("GREETING");
  printf("GREETING = %s\n", greeting ? greeting : "(not granted)");
  const char* home = getenv("HOME");  // not passed with --env, so the guest cannot see it
  printf("HOME = %s\n", home ? home : "(not granted)");

  // "data" is the guest name of the preopened directory.
  FILE* out = fopen("data/hello.txt", "w");
  if (!out) {
    perror("data/hello.txt");
    return 1;
  }
  fprintf(out, "written by hello_wasi\n");
  fclose(out);
  FILE* in = fopen("data/hello.txt", "r");
  char line[64] = {0};
  if (!in || !fgets(line, sizeof line, in)) {
    perror("reading data/hello.txt back");
    return 1;
  }
  fclose(in);
  printf("read back: %s", line);

  // Outside the grant: refused, whatever the path says.
  FILE* escape = fopen("data/../../etc/passwd", "r");
  printf("escape attempt: %s\n", escape ? "OPENED (bug!)" : "refused");
  return escape ? 2 : 0;
}
