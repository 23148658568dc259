/*
 * pa_hash (a partial application): lookups in an open-addressing hash table through a general
 * find(table, mask, hash, key) always called with the same table, mask and hash function pointer.
 * Fixed, the hash function is a known call_indirect target and the mask a constant.
 */
#include "bench_common.h"

#define CAP 4096
typedef uint32_t (*hash_fn)(uint32_t);

static uint32_t murmur_mix(uint32_t h) {
    h ^= h >> 16; h *= 0x85EBCA6BU; h ^= h >> 13; h *= 0xC2B2AE35U; h ^= h >> 16;
    return h;
}
static uint32_t fib_mix(uint32_t h) {
    return h * 2654435769U;
}
static hash_fn hashes[2] = {murmur_mix, fib_mix};
static volatile int32_t which = 0;
static volatile int32_t lookups = 2000000;
static uint32_t keys[CAP];
static int32_t values[CAP];

__attribute__((noinline)) static int32_t find(const uint32_t *table, uint32_t mask, hash_fn hash,
                                              uint32_t key) {
    uint32_t i = hash(key) & mask;
    while (table[i] != 0) {
        if (table[i] == key) return values[i];
        i = (i + 1) & mask;
    }
    return -1;
}

EXPORT("bench") int64_t bench(void) {
    rng_t r = rng_seed(11);
    hash_fn h = hashes[which];
    uint32_t mask = CAP - 1;
    for (int32_t i = 0; i < CAP; i++) keys[i] = 0;
    for (int32_t n = 0; n < CAP / 2; n++) {
        uint32_t k = (uint32_t)(rng_next(&r) >> 33) | 1;
        uint32_t i = h(k) & mask;
        while (keys[i] != 0 && keys[i] != k) i = (i + 1) & mask;
        keys[i] = k;
        values[i] = n;
    }
    int64_t check = 0;
    /* never taken: a second call site keeps binaryen from inlining find (see pa_blur.c) */
    if (lookups < 0) check += find((const uint32_t *)values, 1, h, 3);
    int32_t count = lookups;
    rng_t q = rng_seed(11);
    for (int32_t t = 0; t < count; t++) {
        uint32_t k = (t & 1) ? ((uint32_t)(rng_next(&q) >> 33) | 1) : (uint32_t)t * 2 + 1;
        check += find(keys, mask, h, k);
    }
    return check;
}

EXPORT("expected") int64_t expected(void) {
    return 99861LL;
}
