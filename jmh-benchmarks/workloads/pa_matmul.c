/*
 * pa_matmul (a partial application): 8x8 integer matrix products, 60,000 of them, through a
 * general matmul(a, b, c, n, m, p) always called with n = m = p = 8. Fixed, the three dimensions
 * are every loop's trip count.
 */
#include "bench_common.h"

static volatile int32_t dim = 8;
static volatile int32_t products = 60000;
static int32_t A[64], B[64], C[64];

__attribute__((noinline)) static void matmul(const int32_t *a, const int32_t *b, int32_t *c,
                                             int32_t n, int32_t m, int32_t p) {
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < p; j++) {
            int32_t s = 0;
            for (int32_t k = 0; k < m; k++) s += a[i * m + k] * b[k * p + j];
            c[i * p + j] = s;
        }
}

EXPORT("bench") int64_t bench(void) {
    rng_t r = rng_seed(3);
    int32_t d = dim, count = products;
    for (int32_t i = 0; i < 64; i++) {
        A[i] = (int32_t)(rng_next(&r) >> 58);
        B[i] = (int32_t)(rng_next(&r) >> 58);
    }
    int64_t check = 0;
    /* never taken: a second call site keeps binaryen from inlining matmul (see pa_blur.c) */
    if (count < 0) matmul(B, A, C, 1, 1, 1);
    for (int32_t t = 0; t < count; t++) {
        A[t & 63] += 1;
        matmul(A, B, C, d, d, d);
        check += C[(t * 7) & 63];
    }
    return check;
}

EXPORT("expected") int64_t expected(void) {
    return 6978836921LL;
}
