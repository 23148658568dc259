/*
 * pa_blur (a partial application): a box blur of one row of 4,096 pixels, called for 2,000 rows
 * with the same radius (3), source and destination. The radius is the inner loop's trip count: a
 * variant with it fixed has a loop C2 can unroll completely.
 */
#include "bench_common.h"

#define WIDTH 4096
static volatile int32_t blur_radius = 3;
static volatile int32_t blur_rows = 2000;
static int32_t src[WIDTH], dst[WIDTH];

__attribute__((noinline)) static int32_t blur(const int32_t *in, int32_t *out, int32_t n,
                                              int32_t radius) {
    int32_t sum = 0;
    for (int32_t i = radius; i < n - radius; i++) {
        int32_t acc = 0;
        for (int32_t k = -radius; k <= radius; k++) acc += in[i + k];
        out[i] = acc / (2 * radius + 1);
        sum += out[i];
    }
    return sum;
}

EXPORT("bench") int64_t bench(void) {
    rng_t r = rng_seed(42);
    for (int32_t i = 0; i < WIDTH; i++) src[i] = (int32_t)(rng_next(&r) >> 54);
    int32_t radius = blur_radius, rows = blur_rows;
    int64_t total = 0;
    /* A second call site (never taken): binaryen, which clang runs after linking, inlines a
       function called from one place, and the partial application needs a call. */
    if (rows < 0) total += blur(dst, src, WIDTH, 1);
    for (int32_t row = 0; row < rows; row++) {
        src[row & (WIDTH - 1)] ^= row;
        total += blur(src, dst, WIDTH, radius);
    }
    return total;
}

EXPORT("expected") int64_t expected(void) {
    return 4625606751LL;
}
