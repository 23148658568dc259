/*
 * Shared helpers for the benchmark workloads (header-only, included by every NAME.c).
 *
 * Rules every workload follows so that the checksum is the same natively and on every Wasm engine:
 *  - only fixed-width integer types where width matters (wasm32 has 32-bit long/size_t/pointers,
 *    x86-64 has 64-bit ones); no pointer value ever reaches a checksum;
 *  - floating point only through + - * / and sqrt (exactly rounded IEEE 754 everywhere); no libm
 *    transcendental functions (glibc and wasi-libc differ in the last bit);
 *  - inputs are regenerated from a fixed seed at the start of every bench() call;
 *  - sizes are read from a volatile global so the compiler cannot constant-fold the work away.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stddef.h>

#if defined(__wasm__)
#define EXPORT(name) __attribute__((export_name(name)))
#else
#define EXPORT(name) __attribute__((used))
#endif

/* xorshift64* PRNG: deterministic, 64-bit arithmetic only. */
typedef struct { uint64_t s; } rng_t;

static inline rng_t rng_seed(uint64_t seed) {
    rng_t r = { seed ? seed : 0x9E3779B97F4A7C15ULL };
    return r;
}

static inline uint64_t rng_next(rng_t *r) {
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Integer in [0, n) for n > 0, by multiply-shift (no division; the tiny bias is irrelevant). */
static inline uint32_t rng_below(rng_t *r, uint32_t n) {
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform double in [0, 1), exact: 53 random bits times 2^-53. */
static inline double rng_double(rng_t *r) {
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Bit pattern of a double (well defined, no aliasing tricks). */
static inline uint64_t double_bits(double d) {
    union { double d; uint64_t u; } c;
    c.d = d;
    return c.u;
}

/* splitmix64 finalizer: a strong 64-bit mixer. */
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Order-sensitive combination of a running checksum with one more value. */
static inline uint64_t ck_add(uint64_t h, uint64_t v) {
    return mix64(h ^ (v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2)));
}

/* FNV-1a 64 over a byte range, continuing from h (start with FNV_OFFSET). */
#define FNV_OFFSET 0xCBF29CE484222325ULL
#define FNV_PRIME  0x100000001B3ULL
static inline uint64_t fnv1a(uint64_t h, const uint8_t *p, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

#endif
