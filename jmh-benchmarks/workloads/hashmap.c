/*
 * hashmap: a string-keyed open-addressing hash map (linear probing, tombstones, power-of-two
 * capacity, grows/rehashes at 3/4 load, keys copied into an arena it owns) driven through
 * 225,000 operations on generated keys such as "user:1x3k9a:delta" (base-32 id digits):
 *   phase 1: 100,000 upserts (ids drawn from 120,000, so about a third are updates);
 *   phase 2:  50,000 lookups (about half miss);
 *   phase 3:  25,000 deletes;
 *   phase 4:  50,000 mixed operations (50% lookup, 25% upsert, 25% delete);
 *   finally a full iteration over the live entries.
 * Hashing is FNV-1a 32 over the key bytes; keys are compared by hash, length, then bytes.
 * Checksum: the results of all operations (hit/miss, old values), the final size, and the live
 * entries in table order mixed together.
 */
#include "bench_common.h"

#define CAP_MAX (1u << 18)
#define ARENA_MAX (4u * 1024u * 1024u)
#define H_EMPTY 0u
#define H_TOMB 1u

static volatile uint32_t hm_ops = 100000;

typedef struct {
    uint32_t hash;   /* 0 empty, 1 tombstone, otherwise the key hash (forced >= 2) */
    uint32_t off;    /* key bytes in the arena */
    uint32_t len;
    uint32_t pad;
    int64_t value;
} slot;

static slot tab_a[CAP_MAX], tab_b[CAP_MAX];
static uint8_t arena[ARENA_MAX];

typedef struct {
    slot *t;
    uint32_t cap, size, tombs, arena_used;
} map;

static inline uint32_t key_hash(const uint8_t *k, uint32_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) { h ^= k[i]; h *= 16777619u; }
    return h < 2 ? h + 2 : h;
}

static inline int key_eq(const slot *s, uint32_t h, const uint8_t *k, uint32_t n) {
    if (s->hash != h || s->len != n) return 0;
    const uint8_t *a = arena + s->off;
    for (uint32_t i = 0; i < n; i++) if (a[i] != k[i]) return 0;
    return 1;
}

static void map_init(map *m) {
    m->t = tab_a;
    m->cap = 1024;
    m->size = m->tombs = m->arena_used = 0;
    for (uint32_t i = 0; i < m->cap; i++) m->t[i].hash = H_EMPTY;
}

static void rehash(map *m, uint32_t new_cap) {
    slot *nt = m->t == tab_a ? tab_b : tab_a;
    for (uint32_t i = 0; i < new_cap; i++) nt[i].hash = H_EMPTY;
    uint32_t mask = new_cap - 1;
    for (uint32_t i = 0; i < m->cap; i++) {
        const slot *s = &m->t[i];
        if (s->hash < 2) continue;
        uint32_t j = s->hash & mask;
        while (nt[j].hash != H_EMPTY) j = (j + 1) & mask;
        nt[j] = *s;
    }
    m->t = nt;
    m->cap = new_cap;
    m->tombs = 0;
}

/* Returns the previous value, or -1 if the key was new. */
static int64_t map_put(map *m, const uint8_t *k, uint32_t n, int64_t v) {
    if ((m->size + m->tombs + 1) * 4 > m->cap * 3) {
        uint32_t nc = (m->size + 1) * 2 > m->cap ? m->cap * 2 : m->cap;
        if (nc > CAP_MAX) nc = CAP_MAX;
        rehash(m, nc);
    }
    uint32_t h = key_hash(k, n), mask = m->cap - 1, i = h & mask;
    int64_t first_tomb = -1;
    for (;;) {
        slot *s = &m->t[i];
        if (s->hash == H_EMPTY) break;
        if (s->hash == H_TOMB) { if (first_tomb < 0) first_tomb = i; }
        else if (key_eq(s, h, k, n)) { int64_t old = s->value; s->value = v; return old; }
        i = (i + 1) & mask;
    }
    if (first_tomb >= 0) { i = (uint32_t)first_tomb; m->tombs--; }
    slot *s = &m->t[i];
    if (m->arena_used + n > ARENA_MAX) return -2;
    for (uint32_t j = 0; j < n; j++) arena[m->arena_used + j] = k[j];
    s->hash = h;
    s->off = m->arena_used;
    s->len = n;
    s->value = v;
    m->arena_used += n;
    m->size++;
    return -1;
}

static slot *map_find(map *m, const uint8_t *k, uint32_t n) {
    uint32_t h = key_hash(k, n), mask = m->cap - 1, i = h & mask;
    for (;;) {
        slot *s = &m->t[i];
        if (s->hash == H_EMPTY) return 0;
        if (key_eq(s, h, k, n)) return s;
        i = (i + 1) & mask;
    }
}

static int64_t map_get(map *m, const uint8_t *k, uint32_t n) {
    slot *s = map_find(m, k, n);
    return s ? s->value : -1;
}

static int64_t map_del(map *m, const uint8_t *k, uint32_t n) {
    slot *s = map_find(m, k, n);
    if (!s) return -1;
    int64_t old = s->value;
    s->hash = H_TOMB;
    m->size--;
    m->tombs++;
    return old;
}

/* ---------------------------------------------------------------- keys */

static const char *const tails[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "session", "profile", "settings", "cart", "orders", "inbox", "avatar", "token",
};

/* Builds the key for an id into buf; the same id always gives the same key. */
static uint32_t make_key(uint32_t id, uint8_t *buf) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
    uint32_t n = 0;
    const char *prefix = (id & 3) == 0 ? "user:" : (id & 3) == 1 ? "item:" : (id & 3) == 2 ? "org:" : "cache:v2:";
    while (*prefix) buf[n++] = (uint8_t)*prefix++;
    uint64_t x = mix64(id + 0x1234567ULL);
    uint32_t len = 4 + (uint32_t)(x & 7);
    x >>= 3;
    for (uint32_t i = 0; i < len; i++) { buf[n++] = (uint8_t)digits[x & 31]; x >>= 5; }
    buf[n++] = ':';
    const char *t = tails[(id >> 2) & 15];
    while (*t) buf[n++] = (uint8_t)*t++;
    return n;
}

EXPORT("bench") int64_t bench(void) {
    const uint32_t ops = hm_ops;
    static map m;
    map_init(&m);
    rng_t r = rng_seed(0x686173686D6170ULL); /* "hashmap" */
    uint8_t key[64];
    uint64_t h = 0;
    uint32_t hits = 0;

    for (uint32_t i = 0; i < ops; i++) {               /* phase 1: upserts */
        uint32_t id = rng_below(&r, 120000);
        uint32_t n = make_key(id, key);
        int64_t old = map_put(&m, key, n, (int64_t)id * 1000 + i);
        if (old == -2) return -2;
        h = ck_add(h, (uint64_t)old);
    }
    h = ck_add(h, m.size);
    for (uint32_t i = 0; i < ops / 2; i++) {           /* phase 2: lookups */
        uint32_t id = rng_below(&r, 240000);
        int64_t v = map_get(&m, key, make_key(id, key));
        hits += v >= 0;
        h = ck_add(h, (uint64_t)v);
    }
    for (uint32_t i = 0; i < ops / 4; i++) {           /* phase 3: deletes */
        uint32_t id = rng_below(&r, 120000);
        h = ck_add(h, (uint64_t)map_del(&m, key, make_key(id, key)));
    }
    h = ck_add(h, m.size);
    for (uint32_t i = 0; i < ops / 2; i++) {           /* phase 4: mixed */
        uint32_t op = rng_below(&r, 4);
        uint32_t id = rng_below(&r, 150000);
        uint32_t n = make_key(id, key);
        int64_t v;
        if (op < 2) { v = map_get(&m, key, n); hits += v >= 0; }
        else if (op == 2) { v = map_put(&m, key, n, (int64_t)i); if (v == -2) return -2; }
        else v = map_del(&m, key, n);
        h = ck_add(h, (uint64_t)v);
    }
    h = ck_add(h, m.size);
    h = ck_add(h, hits);
    h = ck_add(h, m.cap);
    for (uint32_t i = 0; i < m.cap; i++) {             /* iteration in table order */
        const slot *s = &m.t[i];
        if (s->hash < 2) continue;
        h = ck_add(h, (uint64_t)s->value ^ ((uint64_t)i << 40));
        h = fnv1a(h, arena + s->off, s->len);
    }
    return (int64_t)h;
}

EXPORT("expected") int64_t expected(void) {
    return -4599801522594855381LL;
}
