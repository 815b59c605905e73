/* A bytecode interpreter: a stack machine with a dense switch, running a loop-heavy program. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, XOR, SHL, SHR, LT, JZ, JMP, DUP, POP, MOD, INC, HALT };

static int64_t run(const int32_t *code, int64_t *vars) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  for (;;) {
    int32_t op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case LOAD: stack[sp++] = vars[code[pc++]]; break;
      case STORE: vars[code[pc++]] = stack[--sp]; break;
      case ADD: --sp; stack[sp - 1] += stack[sp]; break;
      case SUB: --sp; stack[sp - 1] -= stack[sp]; break;
      case MUL: --sp; stack[sp - 1] *= stack[sp]; break;
      case AND: --sp; stack[sp - 1] &= stack[sp]; break;
      case XOR: --sp; stack[sp - 1] ^= stack[sp]; break;
      case SHL: --sp; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] << (stack[sp] & 63)); break;
      case SHR: --sp; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] >> (stack[sp] & 63)); break;
      case LT: --sp; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case JZ: { int32_t t = code[pc++]; if (stack[--sp] == 0) pc = t; break; }
      case JMP: pc = code[pc]; break;
      case DUP: stack[sp] = stack[sp - 1]; ++sp; break;
      case POP: --sp; break;
      case MOD: --sp; stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
      case INC: vars[code[pc]] += 1; ++pc; break;
      case HALT: return stack[sp - 1];
      default: return -1;
    }
  }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 15000000;
  /* vars: 0 = i, 1 = n, 2 = acc, 3 = x
     while (i < n) { x = (acc * 31 + i) & 0xffffff; if ((x % 3) == 0) acc ^= x << 2; else acc += x >> 1; i++ } */
  /* Assembled with explicit addresses to keep the jumps right. */
  int32_t prog[96];
  int p = 0;
  int loop = p;
  prog[p++] = LOAD; prog[p++] = 0; prog[p++] = LOAD; prog[p++] = 1; prog[p++] = LT;
  prog[p++] = JZ; int exit_fix = p; prog[p++] = 0;
  prog[p++] = LOAD; prog[p++] = 2; prog[p++] = PUSH; prog[p++] = 31; prog[p++] = MUL;
  prog[p++] = LOAD; prog[p++] = 0; prog[p++] = ADD; prog[p++] = PUSH; prog[p++] = 0xffffff;
  prog[p++] = AND; prog[p++] = STORE; prog[p++] = 3;
  prog[p++] = LOAD; prog[p++] = 3; prog[p++] = PUSH; prog[p++] = 3; prog[p++] = MOD;
  prog[p++] = JZ; int then_fix = p; prog[p++] = 0;
  /* else: acc += x >> 1 */
  prog[p++] = LOAD; prog[p++] = 2; prog[p++] = LOAD; prog[p++] = 3; prog[p++] = PUSH; prog[p++] = 1;
  prog[p++] = SHR; prog[p++] = ADD; prog[p++] = STORE; prog[p++] = 2;
  prog[p++] = JMP; int join_fix = p; prog[p++] = 0;
  prog[then_fix] = p; /* then: acc ^= x << 2 */
  prog[p++] = LOAD; prog[p++] = 2; prog[p++] = LOAD; prog[p++] = 3; prog[p++] = PUSH; prog[p++] = 2;
  prog[p++] = SHL; prog[p++] = XOR; prog[p++] = STORE; prog[p++] = 2;
  prog[join_fix] = p;
  prog[p++] = INC; prog[p++] = 0;
  prog[p++] = JMP; prog[p++] = loop;
  prog[exit_fix] = p;
  prog[p++] = LOAD; prog[p++] = 2; prog[p++] = HALT;
  int64_t vars[4] = {0, n, 1, 0};
  int64_t r = run(prog, vars);
  printf("interp checksum %lld\n", (long long)r);
  return 0;
}
