/*
 * image: a small image-processing pipeline on a generated 512x512 RGBA8 picture (1 MiB):
 *   1. generate: gradients, concentric rings and PRNG noise (integer arithmetic only);
 *   2. 5x5 Gaussian blur, separable binomial kernel [1 4 6 4 1]/16 per pass, per channel,
 *      clamped edges, rounded integer arithmetic (horizontal pass into a 16-bit buffer, vertical
 *      pass back to 8 bits);
 *   3. grey conversion (BT.601 weights 77/150/29 >> 8) and 3x3 Sobel, |gx| + |gy| clamped to 255,
 *      written as an 8-bit edge map; a histogram of edge strengths is kept as well.
 * Checksum: FNV-1a 64 of the blurred RGBA image and of the edge map, mixed with the histogram.
 */
#include "bench_common.h"

#define W_MAX 512
#define H_MAX 512
static volatile int32_t img_w = 512;
static volatile int32_t img_h = 512;

static uint8_t src[W_MAX * H_MAX * 4];
static uint16_t tmp[W_MAX * H_MAX * 4];
static uint8_t blur[W_MAX * H_MAX * 4];
static uint8_t grey[W_MAX * H_MAX];
static uint8_t edges[W_MAX * H_MAX];
static uint32_t hist[256];

static inline int32_t clampi(int32_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static void generate(int32_t w, int32_t h) {
    rng_t r = rng_seed(0x696D616765ULL); /* "image" */
    for (int32_t y = 0; y < h; y++) {
        for (int32_t x = 0; x < w; x++) {
            uint8_t *p = &src[(y * w + x) * 4];
            int32_t dx = x - w / 2, dy = y - h / 3;
            int32_t ring = ((dx * dx + dy * dy) >> 6) & 0x3F;   /* concentric rings */
            uint32_t noise = (uint32_t)(rng_next(&r) >> 40);
            int32_t checker = ((x >> 5) ^ (y >> 5)) & 1;
            p[0] = (uint8_t)clampi((x * 255) / w + ring - 32 + (int32_t)(noise & 31) - 16, 0, 255);
            p[1] = (uint8_t)clampi((y * 255) / h + (checker ? 40 : -40) + (int32_t)((noise >> 5) & 31) - 16, 0, 255);
            p[2] = (uint8_t)clampi(((x + y) * 255) / (w + h) + ring * 2 - 64 + (int32_t)((noise >> 10) & 63) - 32, 0, 255);
            p[3] = (uint8_t)(255 - (ring & 15));
        }
    }
}

static void gaussian5(int32_t w, int32_t h) {
    static const int32_t k[5] = {1, 4, 6, 4, 1};
    /* horizontal: src (8-bit) -> tmp (sum * 16 range, fits 16 bits) */
    for (int32_t y = 0; y < h; y++) {
        for (int32_t x = 0; x < w; x++) {
            for (int32_t c = 0; c < 4; c++) {
                int32_t s = 0;
                for (int32_t t = -2; t <= 2; t++) {
                    int32_t xx = clampi(x + t, 0, w - 1);
                    s += k[t + 2] * src[(y * w + xx) * 4 + c];
                }
                tmp[(y * w + x) * 4 + c] = (uint16_t)s;
            }
        }
    }
    /* vertical: tmp -> blur, divide by 256 with rounding */
    for (int32_t y = 0; y < h; y++) {
        for (int32_t x = 0; x < w; x++) {
            for (int32_t c = 0; c < 4; c++) {
                int32_t s = 0;
                for (int32_t t = -2; t <= 2; t++) {
                    int32_t yy = clampi(y + t, 0, h - 1);
                    s += k[t + 2] * tmp[(yy * w + x) * 4 + c];
                }
                blur[(y * w + x) * 4 + c] = (uint8_t)((s + 128) >> 8);
            }
        }
    }
}

static void sobel(int32_t w, int32_t h) {
    for (int32_t i = 0; i < w * h; i++) {
        const uint8_t *p = &blur[i * 4];
        grey[i] = (uint8_t)((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
    }
    for (int32_t i = 0; i < 256; i++) hist[i] = 0;
    for (int32_t y = 0; y < h; y++) {
        for (int32_t x = 0; x < w; x++) {
            int32_t xm = clampi(x - 1, 0, w - 1), xp = clampi(x + 1, 0, w - 1);
            int32_t ym = clampi(y - 1, 0, h - 1), yp = clampi(y + 1, 0, h - 1);
            int32_t a = grey[ym * w + xm], b = grey[ym * w + x], c = grey[ym * w + xp];
            int32_t d = grey[y * w + xm], f = grey[y * w + xp];
            int32_t g = grey[yp * w + xm], hh = grey[yp * w + x], i = grey[yp * w + xp];
            int32_t gx = (c + 2 * f + i) - (a + 2 * d + g);
            int32_t gy = (g + 2 * hh + i) - (a + 2 * b + c);
            int32_t m = (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
            uint8_t e = (uint8_t)(m > 255 ? 255 : m);
            edges[y * w + x] = e;
            hist[e]++;
        }
    }
}

EXPORT("bench") int64_t bench(void) {
    const int32_t w = img_w, h = img_h;
    generate(w, h);
    gaussian5(w, h);
    sobel(w, h);
    uint64_t ck = fnv1a(FNV_OFFSET, blur, (uint32_t)(w * h * 4));
    ck = fnv1a(ck, edges, (uint32_t)(w * h));
    for (int32_t i = 0; i < 256; i++) ck = ck_add(ck, hist[i]);
    return (int64_t)ck;
}

EXPORT("expected") int64_t expected(void) {
    return 941540053324050353LL;
}
