/*
 * lz77: an LZ77 compressor with hash chains and lazy matching (the zlib "level 6" strategy), its
 * decompressor, and a round-trip check, over 256 KiB of generated semi-compressible text.
 *
 *   input:      English-like prose from a skewed (Zipf-like) word distribution, with numbers,
 *               punctuation and templated log lines, regenerated from a fixed seed on every call;
 *   compressor: 32 KiB window, 3-byte hash into 32K chain heads, chains followed up to 64 links
 *               (16 once a 32-byte match is found), lazy evaluation of the next position, minimum
 *               match 4, output in an LZ4-style byte format (token nibbles for literal/match
 *               lengths, 255-continued length bytes, 16-bit little-endian offsets);
 *   decompressor: bounds-checked, overlapping copies byte by byte; the result must equal the input.
 * Checksum: FNV-1a 64 of the compressed bytes mixed with the compressed size. A failed round trip
 * returns a negative value that can never equal expected().
 */
#include "bench_common.h"

#define IN_MAX (256u * 1024u)
#define OUT_MAX (IN_MAX + IN_MAX / 255u + 64u)
#define WSIZE 32768u
#define WMASK (WSIZE - 1u)
#define HBITS 15
#define HSIZE (1u << HBITS)
#define MIN_MATCH 4u
#define MAX_MATCH 1024u
#define MAX_CHAIN 64u
#define GOOD_MATCH 32u

static volatile uint32_t lz_len = 256u * 1024u;

static uint8_t in[IN_MAX];
static uint8_t out[OUT_MAX];
static uint8_t back[IN_MAX];
static int32_t head[HSIZE];
static int32_t prev[WSIZE];

/* ---------------------------------------------------------------- input */

static const char *const vocab[] = {
    "the", "of", "and", "to", "a", "in", "is", "it", "that", "was", "for", "on", "are", "with",
    "as", "be", "at", "by", "this", "from", "or", "have", "an", "they", "which", "one", "you",
    "were", "her", "all", "she", "there", "would", "their", "we", "him", "been", "has", "when",
    "compiler", "bytecode", "module", "function", "memory", "instance", "engine", "benchmark",
    "throughput", "latency", "interpreter", "translation", "verification", "allocation",
    "garbage", "collector", "register", "pipeline", "speculative", "deoptimization", "receipt",
    "workflow", "content", "addressed", "invocation", "deterministic", "checksum", "zebra",
    "quixotic", "juxtaposition", "xylophone", "mnemonic", "rhythm", "sphinx", "kvetch",
};
#define NVOCAB (sizeof vocab / sizeof vocab[0])

static uint32_t emit(uint32_t n, uint32_t cap, const char *s) {
    while (*s && n < cap) in[n++] = (uint8_t)*s++;
    return n;
}

static uint32_t emit_num(uint32_t n, uint32_t cap, uint32_t v) {
    char d[12];
    int k = 0;
    do { d[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (k && n < cap) in[n++] = (uint8_t)d[--k];
    return n;
}

static void generate(uint32_t cap) {
    rng_t r = rng_seed(0x6C7A3737ULL); /* "lz77" */
    uint32_t n = 0;
    while (n < cap) {
        if (rng_below(&r, 10) == 0) {
            /* templated log line: compresses well, but numbers vary */
            n = emit(n, cap, "2024-05-");
            n = emit_num(n, cap, 10 + rng_below(&r, 20));
            n = emit(n, cap, " INFO  [worker-");
            n = emit_num(n, cap, rng_below(&r, 8));
            n = emit(n, cap, "] task ");
            n = emit_num(n, cap, rng_below(&r, 100000));
            n = emit(n, cap, rng_below(&r, 4) ? " completed in " : " retried after ");
            n = emit_num(n, cap, rng_below(&r, 5000));
            n = emit(n, cap, " ms\n");
            continue;
        }
        /* a sentence of 5..20 words, skewed towards the frequent ones */
        uint32_t words = 5 + rng_below(&r, 16);
        for (uint32_t w = 0; w < words && n < cap; w++) {
            uint32_t idx = rng_below(&r, rng_below(&r, NVOCAB) + 1);
            const char *word = vocab[idx];
            if (w == 0 && n < cap) {
                in[n++] = (uint8_t)(word[0] >= 'a' && word[0] <= 'z' ? word[0] - 32 : word[0]);
                n = emit(n, cap, word + 1);
            } else {
                n = emit(n, cap, word);
            }
            uint32_t x = rng_below(&r, 40);
            if (x == 0) n = emit(n, cap, ",");
            else if (x == 1) { n = emit(n, cap, " "); n = emit_num(n, cap, rng_below(&r, 1000)); }
            if (w + 1 < words) n = emit(n, cap, " ");
        }
        n = emit(n, cap, rng_below(&r, 6) ? ". " : ".\n");
    }
}

/* ---------------------------------------------------------------- compressor */

static inline uint32_t hash3(const uint8_t *s) {
    uint32_t v = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
    return (v * 2654435761u) >> (32 - HBITS);
}

static uint32_t op; /* output position */

static void put_len(uint32_t extra) {
    while (extra >= 255) { out[op++] = 255; extra -= 255; }
    out[op++] = (uint8_t)extra;
}

static void put_seq(const uint8_t *lit, uint32_t nlit, uint32_t off, uint32_t mlen) {
    uint32_t ml = mlen ? mlen - MIN_MATCH : 0;
    uint8_t tok = (uint8_t)((nlit < 15 ? nlit : 15) << 4 | (ml < 15 ? ml : 15));
    out[op++] = tok;
    if (nlit >= 15) put_len(nlit - 15);
    for (uint32_t i = 0; i < nlit; i++) out[op++] = lit[i];
    if (!mlen) return;
    out[op++] = (uint8_t)off;
    out[op++] = (uint8_t)(off >> 8);
    if (ml >= 15) put_len(ml - 15);
}

static inline void insert(uint32_t pos) {
    uint32_t h = hash3(in + pos);
    prev[pos & WMASK] = head[h];
    head[h] = (int32_t)pos;
}

/* Longest match for pos among the chain starting at head (before inserting pos). */
static uint32_t longest(uint32_t pos, uint32_t n, uint32_t *best_off) {
    uint32_t best = 0;
    uint32_t limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
    if (limit < MIN_MATCH) return 0;
    int32_t cand = head[hash3(in + pos)];
    uint32_t chain = MAX_CHAIN;
    while (cand >= 0 && chain--) {
        uint32_t c = (uint32_t)cand;
        if (pos - c > WSIZE - 1) break;
        if (in[c + best] == in[pos + best] && in[c] == in[pos]) {
            uint32_t l = 0;
            while (l < limit && in[c + l] == in[pos + l]) l++;
            if (l > best) {
                best = l;
                *best_off = pos - c;
                if (l >= limit) break;
                if (l >= GOOD_MATCH && chain > 16) chain = 16;
            }
        }
        int32_t nx = prev[c & WMASK];
        if (nx >= cand) break; /* stale entry from an older window */
        cand = nx;
    }
    return best >= MIN_MATCH ? best : 0;
}

static uint32_t compress(uint32_t n) {
    for (uint32_t i = 0; i < HSIZE; i++) head[i] = -1;
    for (uint32_t i = 0; i < WSIZE; i++) prev[i] = -1;
    op = 0;
    uint32_t anchor = 0, pos = 0;
    while (pos + MIN_MATCH <= n) {
        uint32_t off = 0, len = longest(pos, n, &off);
        if (!len) { insert(pos); pos++; continue; }
        /* lazy: a longer match one byte later wins */
        if (pos + 1 + MIN_MATCH <= n) {
            insert(pos);
            uint32_t off2 = 0, len2 = longest(pos + 1, n, &off2);
            if (len2 > len) { pos++; len = len2; off = off2; }
            else {
                put_seq(in + anchor, pos - anchor, off, len);
                for (uint32_t k = 1; k < len && pos + k + 3 <= n; k++) insert(pos + k);
                pos += len;
                anchor = pos;
                continue;
            }
        }
        put_seq(in + anchor, pos - anchor, off, len);
        for (uint32_t k = 0; k < len && pos + k + 3 <= n; k++) insert(pos + k);
        pos += len;
        anchor = pos;
    }
    put_seq(in + anchor, n - anchor, 0, 0);
    return op;
}

/* ---------------------------------------------------------------- decompressor */

static int64_t decompress(uint32_t clen, uint32_t cap) {
    uint32_t ip = 0, dp = 0;
    while (ip < clen) {
        uint8_t tok = out[ip++];
        uint32_t nlit = tok >> 4;
        if (nlit == 15) {
            uint8_t b;
            do { if (ip >= clen) return -1; b = out[ip++]; nlit += b; } while (b == 255);
        }
        if (nlit > clen - ip || nlit > cap - dp) return -1;
        for (uint32_t i = 0; i < nlit; i++) back[dp++] = out[ip++];
        if (ip == clen) break; /* last sequence: literals only */
        if (clen - ip < 2) return -1;
        uint32_t off = out[ip] | (uint32_t)out[ip + 1] << 8;
        ip += 2;
        uint32_t mlen = (tok & 15u);
        if (mlen == 15) {
            uint8_t b;
            do { if (ip >= clen) return -1; b = out[ip++]; mlen += b; } while (b == 255);
        }
        mlen += MIN_MATCH;
        if (off == 0 || off > dp || mlen > cap - dp) return -1;
        for (uint32_t i = 0; i < mlen; i++, dp++) back[dp] = back[dp - off];
    }
    return dp;
}

EXPORT("bench") int64_t bench(void) {
    uint32_t n = lz_len;
    if (n > IN_MAX) n = IN_MAX;
    generate(n);
    uint32_t clen = compress(n);
    int64_t dlen = decompress(clen, IN_MAX);
    if (dlen != (int64_t)n) return -1;
    for (uint32_t i = 0; i < n; i++)
        if (back[i] != in[i]) return -2 - (int64_t)i;
    uint64_t h = fnv1a(FNV_OFFSET, out, clen);
    return (int64_t)ck_add(h, clen);
}

EXPORT("expected") int64_t expected(void) {
    return 1774604318428111103LL;
}

#ifdef LZ77_STATS
#include <stdio.h>
int main(void) {
    generate(lz_len);
    uint32_t c = compress(lz_len);
    printf("in=%u out=%u ratio=%.3f roundtrip=%lld\n", lz_len, c, (double)c / lz_len, (long long)decompress(c, IN_MAX));
    fwrite(in, 1, 300, stdout);
    printf("\n");
    return 0;
}
#endif
