/* Tokenizing and parsing text: generates arithmetic expressions and JSON-like text, then
   tokenizes it, evaluates the expressions with a recursive-descent parser and counts tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *src;
static int pos;

static void skip(void) { while (src[pos] == ' ' || src[pos] == '\n' || src[pos] == '\t') ++pos; }
static long long expr(void);

static long long primary(void) {
  skip();
  if (src[pos] == '(') { ++pos; long long v = expr(); skip(); ++pos; return v; }
  if (src[pos] == '-') { ++pos; return -primary(); }
  long long v = 0;
  while (src[pos] >= '0' && src[pos] <= '9') v = v * 10 + (src[pos++] - '0');
  return v;
}

static long long term(void) {
  long long v = primary();
  for (;;) {
    skip();
    char c = src[pos];
    if (c == '*') { ++pos; v = (v * primary()) % 1000000007; }
    else if (c == '/') { ++pos; long long d = primary(); v = d ? v / d : v; }
    else if (c == '%') { ++pos; long long d = primary(); v = d ? v % d : v; }
    else return v;
  }
}

static long long expr(void) {
  long long v = term();
  for (;;) {
    skip();
    char c = src[pos];
    if (c == '+') { ++pos; v = (v + term()) % 1000000007; }
    else if (c == '-') { ++pos; v = (v - term()) % 1000000007; }
    else return v;
  }
}

static unsigned seed = 4242;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 16; }

static int gen_expr(char *out, int depth) {
  int n = 0;
  if (depth > 4 || rnd() % 4 == 0) return sprintf(out, "%u", rnd() % 1000);
  if (rnd() % 3 == 0) { out[n++] = '('; n += gen_expr(out + n, depth + 1); out[n++] = ')'; return n; }
  n += gen_expr(out + n, depth + 1);
  static const char ops[] = "+-*/%+*";
  n += sprintf(out + n, " %c ", ops[rnd() % 7]);
  n += gen_expr(out + n, depth + 1);
  return n;
}

/* Counts JSON-ish tokens: strings, numbers, identifiers, punctuation. */
static unsigned long long tokens(const char *s, size_t len) {
  unsigned long long h = 0;
  size_t i = 0;
  while (i < len) {
    char c = s[i];
    if (c == ' ' || c == '\n') { ++i; continue; }
    if (c == '"') {
      size_t j = i + 1;
      while (j < len && s[j] != '"') { if (s[j] == '\\') ++j; ++j; }
      h = h * 131 + (j - i) + 1; i = j + 1;
    } else if ((c >= '0' && c <= '9') || c == '-') {
      size_t j = i + 1;
      while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == 'e')) ++j;
      h = h * 131 + 2; i = j;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      size_t j = i + 1;
      while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) ++j;
      h = h * 131 + 3 + (j - i); i = j;
    } else { h = h * 131 + (unsigned char)c; ++i; }
  }
  return h;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 40;
  size_t cap = 4 << 20;
  char *text = malloc(cap), *json = malloc(cap);
  size_t tl = 0;
  int exprs = 0;
  while (tl + 4096 < cap - (1 << 20)) { tl += (size_t)gen_expr(text + tl, 0); text[tl++] = ';'; text[tl++] = '\n'; ++exprs; }
  text[tl] = 0;
  size_t jl = 0;
  jl += (size_t)sprintf(json + jl, "[");
  for (int i = 0; jl + 256 < cap; ++i) {
    /* One call per statement: argument evaluation order differs between compilers. */
    unsigned id = rnd(), whole = rnd() % 1000, frac = rnd() % 100, ok = rnd() & 1;
    jl += (size_t)sprintf(json + jl, "{\"id\": %d, \"name\": \"item\\\"%u\", \"score\": %u.%02u, \"ok\": %s},\n",
                          i, id, whole, frac, ok ? "true" : "false");
  }
  json[jl++] = ']';
  unsigned long long sum = 0;
  for (int r = 0; r < reps; ++r) {
    src = text; pos = 0;
    long long acc = 0;
    for (int e = 0; e < exprs; ++e) { acc = (acc * 3 + expr()) % 1000000007; skip(); ++pos; }
    sum = sum * 17 + (unsigned long long)acc + tokens(json, jl - (size_t)r);
  }
  printf("tokenize checksum %llu (%d expressions)\n", sum, exprs);
  free(text); free(json);
  return 0;
}
