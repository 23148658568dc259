/*
 * The task of the workflow benchmark (run.sh): one call blurs a row of `width` pixels made from
 * `seed`, `passes` times, with a box of `radius`, and returns a checksum. A workflow runs it over
 * 1,000 seeds with the same width, radius and passes: a partial application the node sees before
 * the first task runs (node/README.md, "Partial applications").
 *
 * Exported alone, so the variant is of this function itself: fixed, width and passes are the loops'
 * trip counts and radius the inner loop's, which a variant can unroll completely.
 */
#include <stdint.h>

#define MAX_WIDTH 16384
static int32_t a[MAX_WIDTH], b[MAX_WIDTH];

__attribute__((export_name("blur"))) int64_t blur(int32_t seed, int32_t width, int32_t radius,
                                                   int32_t passes) {
    if (width > MAX_WIDTH) width = MAX_WIDTH;
    if (width < 0 || radius < 0 || 2 * radius >= width) return -1;
    uint64_t s = (uint64_t)seed * 0x9E3779B97F4A7C15ULL + 1;
    for (int32_t i = 0; i < width; i++) {
        s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
        a[i] = (int32_t)((s * 0x2545F4914F6CDD1DULL) >> 56);
    }
    int64_t sum = 0;
    int32_t *in = a, *out = b;
    for (int32_t p = 0; p < passes; p++) {
        for (int32_t i = radius; i < width - radius; i++) {
            int32_t acc = 0;
            for (int32_t k = -radius; k <= radius; k++) acc += in[i + k];
            out[i] = acc / (2 * radius + 1);
        }
        for (int32_t i = 0; i < radius; i++) {
            out[i] = in[i];
            out[width - 1 - i] = in[width - 1 - i];
        }
        sum += out[p % width];
        int32_t *t = in; in = out; out = t;
    }
    for (int32_t i = 0; i < width; i++) sum = sum * 31 + in[i];
    return sum;
}
