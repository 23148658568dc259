/*
 * sha256: SHA-256 (FIPS 180-4, implemented here) over a 1 MiB buffer generated from a fixed-seed
 * PRNG on every call. 32-bit rotates, adds and logic: the classic integer/crypto kernel.
 *
 * Known-answer tests (checked by `build.sh`, which compiles this file with -DSHA256_SELFTEST):
 *   SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
 *   SHA-256("")    = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 * and the digest of the generated 1 MiB buffer is compared with `sha256sum` of the same bytes.
 *
 * Checksum: the first 8 bytes of the digest as a big-endian i64.
 */
#include "bench_common.h"

#define BUF_MAX (1u << 20)
static volatile uint32_t sha_len = 1u << 20;
static uint8_t buf[BUF_MAX];

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

typedef struct {
    uint32_t h[8];
    uint8_t block[64];
    uint32_t used;   /* bytes in block */
    uint64_t total;  /* bytes hashed so far */
} sha256_ctx;

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_init(sha256_ctx *c) {
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    for (int i = 0; i < 8; i++) c->h[i] = H0[i];
    c->used = 0;
    c->total = 0;
}

static void sha256_block(uint32_t h[8], const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + S1 + ch + K[i] + w[i];
        uint32_t S0 = ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        hh = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_update(sha256_ctx *c, const uint8_t *p, uint32_t n) {
    c->total += n;
    if (c->used) {
        while (n && c->used < 64) { c->block[c->used++] = *p++; n--; }
        if (c->used < 64) return;
        sha256_block(c->h, c->block);
        c->used = 0;
    }
    while (n >= 64) { sha256_block(c->h, p); p += 64; n -= 64; }
    while (n) { c->block[c->used++] = *p++; n--; }
}

static void sha256_final(sha256_ctx *c, uint8_t out[32]) {
    uint64_t bits = c->total * 8;
    c->block[c->used++] = 0x80;
    if (c->used > 56) {
        while (c->used < 64) c->block[c->used++] = 0;
        sha256_block(c->h, c->block);
        c->used = 0;
    }
    while (c->used < 56) c->block[c->used++] = 0;
    for (int i = 0; i < 8; i++) c->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    sha256_block(c->h, c->block);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)c->h[i];
    }
}

static void fill(uint32_t n) {
    rng_t r = rng_seed(0x736861323536ULL); /* "sha256" */
    for (uint32_t i = 0; i + 8 <= n; i += 8) {
        uint64_t v = rng_next(&r);
        for (int k = 0; k < 8; k++) buf[i + k] = (uint8_t)(v >> (8 * k));
    }
}

static void digest(uint32_t n, uint8_t out[32]) {
    sha256_ctx c;
    sha256_init(&c);
    /* Feed in uneven pieces to exercise the buffering path as real callers do. */
    uint32_t off = 0, piece = 1000;
    while (off < n) {
        uint32_t k = n - off < piece ? n - off : piece;
        sha256_update(&c, buf + off, k);
        off += k;
        piece = piece == 1000 ? 4093 : 1000;
    }
    sha256_final(&c, out);
}

EXPORT("bench") int64_t bench(void) {
    uint32_t n = sha_len;
    if (n > BUF_MAX) n = BUF_MAX;
    fill(n);
    uint8_t d[32];
    digest(n, d);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | d[i];
    return (int64_t)v;
}

EXPORT("expected") int64_t expected(void) {
    return 8183985400560418848LL;
}

#ifdef SHA256_SELFTEST
/* Native self-test: known vectors, then writes the generated buffer to argv[1] and prints its digest. */
#include <stdio.h>
#include <string.h>
static void hex(const uint8_t d[32], char out[65]) {
    for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}
int main(int argc, char **argv) {
    static const struct { const char *msg, *want; } kat[] = {
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (unsigned i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        sha256_ctx c;
        uint8_t d[32];
        char h[65];
        sha256_init(&c);
        sha256_update(&c, (const uint8_t *)kat[i].msg, (uint32_t)strlen(kat[i].msg));
        sha256_final(&c, d);
        hex(d, h);
        if (strcmp(h, kat[i].want) != 0) {
            fprintf(stderr, "KAT %u failed: %s\n", i, h);
            return 1;
        }
    }
    uint32_t n = sha_len;
    fill(n);
    uint8_t d[32];
    char h[65];
    digest(n, d);
    hex(d, h);
    if (argc > 1) {
        FILE *f = fopen(argv[1], "wb");
        if (!f || fwrite(buf, 1, n, f) != n) { perror(argv[1]); return 1; }
        fclose(f);
    }
    printf("%s\n", h);
    return 0;
}
#endif
