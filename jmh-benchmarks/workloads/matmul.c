/*
 * matmul: C = A * B for 200x200 double matrices (8 million multiply-adds).
 * A and B are refilled from a fixed-seed PRNG with values in [-1, 1) on every call; the product
 * uses the cache-friendly i-k-j loop order. Each C[i][j] is accumulated in k order, so the result
 * is bit-identical on every IEEE-754 engine (no fused multiply-add: C has no fma() here and the
 * native build does not enable FMA contraction for x86-64 baseline).
 * Checksum: the bit patterns of the row sums and of the total, mixed in order.
 */
#include "bench_common.h"

#define N_MAX 200
static volatile int32_t mat_n = 200;

static double A[N_MAX * N_MAX];
static double B[N_MAX * N_MAX];
static double C[N_MAX * N_MAX];

EXPORT("bench") int64_t bench(void) {
    const int32_t n = mat_n;
    rng_t r = rng_seed(0x6D61746D756CULL); /* "matmul" */
    for (int32_t i = 0; i < n * n; i++) A[i] = rng_double(&r) * 2.0 - 1.0;
    for (int32_t i = 0; i < n * n; i++) B[i] = rng_double(&r) * 2.0 - 1.0;
    for (int32_t i = 0; i < n * n; i++) C[i] = 0.0;

    for (int32_t i = 0; i < n; i++) {
        double *ci = &C[i * n];
        for (int32_t k = 0; k < n; k++) {
            const double aik = A[i * n + k];
            const double *bk = &B[k * n];
            for (int32_t j = 0; j < n; j++) ci[j] += aik * bk[j];
        }
    }

    uint64_t h = 0;
    double total = 0.0;
    for (int32_t i = 0; i < n; i++) {
        double row = 0.0;
        for (int32_t j = 0; j < n; j++) row += C[i * n + j];
        h = ck_add(h, double_bits(row));
        total += row;
    }
    h = ck_add(h, double_bits(total));
    return (int64_t)h;
}

EXPORT("expected") int64_t expected(void) {
    return -2956779088481929856LL;
}
