/*
 * pa_sort (a partial application): a generic insertion sort, qsort-style (element size and
 * comparator passed in), sorting 4,000 arrays of 48 eight-byte records, always with the same size
 * and comparator. Fixed, the comparator pointer is a constant table index: a variant calls it
 * through a call_indirect whose target HotSpot can inline, and the element size is a constant.
 */
#include "bench_common.h"

#define N 48
typedef struct { int32_t key; int32_t payload; } rec_t;
typedef int32_t (*cmp_fn)(const void *, const void *);

static int32_t by_key(const void *a, const void *b) {
    int32_t x = ((const rec_t *)a)->key, y = ((const rec_t *)b)->key;
    return (x > y) - (x < y);
}
static int32_t by_payload(const void *a, const void *b) {
    int32_t x = ((const rec_t *)a)->payload, y = ((const rec_t *)b)->payload;
    return (x > y) - (x < y);
}
static cmp_fn comparators[2] = {by_key, by_payload};
static volatile int32_t which = 0;
static volatile int32_t arrays = 4000;
static rec_t data[N];

__attribute__((noinline)) static void sort(void *base, int32_t n, int32_t size, cmp_fn cmp) {
    uint8_t *b = base;
    uint8_t tmp[16];
    for (int32_t i = 1; i < n; i++) {
        for (int32_t k = 0; k < size; k++) tmp[k] = b[i * size + k];
        int32_t j = i - 1;
        while (j >= 0 && cmp(b + j * size, tmp) > 0) {
            for (int32_t k = 0; k < size; k++) b[(j + 1) * size + k] = b[j * size + k];
            j--;
        }
        for (int32_t k = 0; k < size; k++) b[(j + 1) * size + k] = tmp[k];
    }
}

EXPORT("bench") int64_t bench(void) {
    rng_t r = rng_seed(7);
    cmp_fn cmp = comparators[which];
    int32_t count = arrays;
    int64_t check = 0;
    /* never taken: a second call site keeps binaryen from inlining sort (see pa_blur.c) */
    if (count < 0) sort(data, 2, 4, by_payload);
    for (int32_t a = 0; a < count; a++) {
        for (int32_t i = 0; i < N; i++) {
            data[i].key = (int32_t)(rng_next(&r) >> 40);
            data[i].payload = i;
        }
        sort(data, N, (int32_t)sizeof(rec_t), cmp);
        check += data[0].payload + 3 * data[N / 2].payload + 7 * data[N - 1].payload;
    }
    return check;
}

EXPORT("expected") int64_t expected(void) {
    return 1035083LL;
}
