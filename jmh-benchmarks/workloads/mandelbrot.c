/*
 * mandelbrot: the Benchmarks Game Mandelbrot set bitmap, 400x400 pixels over [-1.5, 0.5] x [-1, 1],
 * at most 50 iterations per pixel (escape when |z|^2 > 4), one bit per pixel packed 8 to a byte.
 * Tight double-precision loop with a data-dependent exit. Only + - * on doubles and an int->double
 * conversion, so the bitmap is identical everywhere.
 * Checksum: FNV-1a 64 of the packed bitmap, mixed with the number of points in the set.
 */
#include "bench_common.h"

#define SIZE_MAX_PX 400
static volatile int32_t mb_size = 400;
static volatile int32_t mb_iter = 50;

static uint8_t bitmap[SIZE_MAX_PX * ((SIZE_MAX_PX + 7) / 8)];

EXPORT("bench") int64_t bench(void) {
    const int32_t n = mb_size, iters = mb_iter;
    const int32_t row_bytes = (n + 7) / 8;
    uint32_t inside = 0;
    for (int32_t y = 0; y < n; y++) {
        const double ci = 2.0 * y / n - 1.0;
        uint8_t *row = &bitmap[y * row_bytes];
        for (int32_t xb = 0; xb < row_bytes; xb++) {
            uint32_t bits = 0;
            for (int32_t bit = 0; bit < 8; bit++) {
                const int32_t x = xb * 8 + bit;
                uint32_t in = 0;
                if (x < n) {
                    const double cr = 2.0 * x / n - 1.5;
                    double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
                    int32_t i = 0;
                    for (; i < iters && tr + ti <= 4.0; i++) {
                        zi = 2.0 * zr * zi + ci;
                        zr = tr - ti + cr;
                        tr = zr * zr;
                        ti = zi * zi;
                    }
                    in = tr + ti <= 4.0;
                }
                inside += in;
                bits = bits << 1 | in;
            }
            row[xb] = (uint8_t)bits;
        }
    }
    uint64_t h = fnv1a(FNV_OFFSET, bitmap, (uint32_t)(n * row_bytes));
    return (int64_t)ck_add(h, inside);
}

EXPORT("expected") int64_t expected(void) {
    return 6760865880273574300LL;
}
