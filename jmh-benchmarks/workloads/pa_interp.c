/*
 * pa_interp (a partial application): a small stack-machine interpreter run(program, length, x)
 * evaluating the same 24-instruction program (a polynomial and a short loop) for 300,000 inputs.
 * Fixed, the program's address and length are constants — but its bytes live in linear memory,
 * which a variant cannot assume unchanged: this one measures what specializing on a pointer does
 * not buy.
 */
#include "bench_common.h"

enum { PUSH, LOADX, ADD, MUL, SUB, DUP, JNZ, DEC, SWAP, HALT };
static uint8_t program[] = {
    LOADX, PUSH, 3, MUL, PUSH, 7, ADD, LOADX, MUL, PUSH, 5, SUB, /* 3x^2 + 7x - 5 */
    PUSH, 4,                                                    /* loop counter */
    SWAP, PUSH, 2, ADD, SWAP, DEC, DUP, JNZ, 14, HALT};
static volatile int32_t inputs = 300000;

__attribute__((noinline)) static int32_t run(const uint8_t *prog, int32_t len, int32_t x) {
    int32_t stack[16];
    int32_t sp = 0, pc = 0;
    while (pc < len) {
        switch (prog[pc++]) {
        case PUSH: stack[sp++] = prog[pc++]; break;
        case LOADX: stack[sp++] = x; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case JNZ: { int32_t t = prog[pc++]; if (stack[--sp] != 0) pc = t; break; }
        case DEC: stack[sp - 1]--; break;
        case SWAP: { int32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case HALT: return stack[sp - 2];
        }
    }
    return stack[0];
}

EXPORT("bench") int64_t bench(void) {
    int32_t count = inputs;
    int64_t check = 0;
    /* never taken: a second call site keeps binaryen from inlining run (see pa_blur.c) */
    if (count < 0) check += run(program + 1, 2, 0);
    for (int32_t i = 0; i < count; i++) check += run(program, (int32_t)sizeof program, i & 1023);
    return check;
}

EXPORT("expected") int64_t expected(void) {
    return 315123140608LL;
}
