/*
 * fib: naive doubly-recursive Fibonacci, fib(30) on 32-bit ints.
 * Measures call overhead (about 1.3 million calls per bench() call after clang turns one of the
 * two recursive calls into a loop) and integer add/compare. fib(30) = 832040.
 */
#include "bench_common.h"

static volatile int32_t fib_n = 30;

__attribute__((noinline)) static int32_t fib(int32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

EXPORT("bench") int64_t bench(void) {
    return (int64_t)fib(fib_n);
}

EXPORT("expected") int64_t expected(void) {
    return 832040LL;
}
