/* RealWorldBench driver for bzip2 (Debian's bzip2 source, libbz2 built with BZ_NO_STDIO), in the
 * manner of SPEC CPU2006's 401.bzip2: everything in memory. One unit = generate SIZE_MB MiB
 * (default 4) of input (text, a sorted-ish numeric table and a run-heavy binary section, from a
 * fixed PRNG), compress it at block size 9 and decompress it, then the same for a 1 MiB slice at
 * block size 1; checks both round trips and prints sizes and FNV-1a hashes.
 *   bzip2_driver [--iterations N | --bench WARMUP_MS ROUNDS] [SIZE_MB]  (driver.h) */
#include "driver.h"
#include "bzlib.h"

void bz_internal_error(int code) {
  fprintf(stderr, "bzip2: internal error %d\n", code);
  exit(1);
}

static uint64_t rng;
static uint32_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static const char *const WORDS[] = {"sort", "block", "burrows", "wheeler", "transform", "move", "to", "front",
                                    "run", "length", "huffman", "table", "selector", "the", "a", "of"};

static size_t generate(unsigned char *buf, size_t size) {
  size_t n = 0;
  rng = 0xD1B54A32D192ED03ULL;
  uint32_t value = 1000;
  while (n + 256 < size) {
    uint32_t kind = next() % 8;
    if (kind < 4) {
      int words = 5 + (int)(next() % 10);
      for (int w = 0; w < words; w++) {
        const char *word = WORDS[(next() % 16) * (next() % 16) / 16];
        n += (size_t)snprintf((char *)buf + n, size - n, "%s%s", w ? " " : "", word);
      }
      buf[n++] = '\n';
    } else if (kind < 7) {
      value += next() % 50;
      n += (size_t)snprintf((char *)buf + n, size - n, "%u\t%u\t%u\n", value, next() % 1000, (value * 7) % 9973);
    } else {
      size_t run = 16 + next() % 200;
      unsigned char b = (unsigned char)(next() % 4 == 0 ? next() : 0);
      for (size_t i = 0; i < run; i++) buf[n++] = (unsigned char)(b + (i % 7 == 0 ? next() % 3 : 0));
    }
  }
  return n;
}

static uint64_t fnv(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

static int roundtrip(const char *what, char *in, unsigned len, int block) {
  unsigned cap = len + len / 100 + 600, zlen = cap, blen = len;
  char *z = malloc(cap), *back = malloc(len);
  int rc = BZ2_bzBuffToBuffCompress(z, &zlen, in, len, block, 0, 30);
  if (rc != BZ_OK) {
    fprintf(stderr, "compress: %d\n", rc);
    return 1;
  }
  rc = BZ2_bzBuffToBuffDecompress(back, &blen, z, zlen, 0, 0);
  int ok = rc == BZ_OK && blen == len && memcmp(in, back, len) == 0;
  out_printf("%s: block size %d: %u -> %u bytes (%.2f%%), compressed fnv %016llx, round trip %s\n", what, block, len, zlen,
             100.0 * zlen / len, (unsigned long long)fnv((unsigned char *)z, zlen), ok ? "ok" : "FAILED");
  free(z);
  free(back);
  return ok ? 0 : 1;
}

static int run_unit(int argc, char **argv) {
  size_t size = (argc > 1 ? (size_t)atol(argv[1]) : 4) << 20;
  unsigned char *in = malloc(size);
  size_t len = generate(in, size);
  out_printf("bzip2 %s\ninput %zu bytes, fnv %016llx\n", BZ2_bzlibVersion(), len, (unsigned long long)fnv(in, len));
  int status = roundtrip("whole input", (char *)in, (unsigned)len, 9);
  size_t slice = len < (1u << 20) ? len : (1u << 20);
  status |= roundtrip("1 MiB slice", (char *)in + len / 2 - slice / 2, (unsigned)slice, 1);
  free(in);
  return status;
}
