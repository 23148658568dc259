/* RealWorldBench driver for zlib (Debian's zlib source): one unit = generate SIZE_MB MiB (default
 * 7) of input (log lines, prose and a table of numbers from a fixed PRNG, like a real mixed file),
 * compress it with compress2 at level 6, decompress with uncompress and check the round trip; then
 * gzip a slice of at most 1 MiB from a third of the way in at levels 1 and 9 with deflate in 16 KiB chunks and inflate it again in 4 KiB
 * chunks. Prints sizes, CRC-32 and Adler-32 of everything.
 *   zlib_driver [--iterations N | --bench WARMUP_MS ROUNDS] [SIZE_MB]  (driver.h) */
#include "driver.h"
#include "zlib.h"

static uint64_t rng;
static uint32_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static const char *const WORDS[] = {
    "the", "of", "and", "compression", "stream", "window", "block", "huffman", "literal", "length",
    "distance", "match", "a", "to", "in", "is", "deflate", "inflate", "buffer", "checksum",
    "adler", "crc", "zlib", "gzip", "header", "trailer", "level", "strategy", "memory", "chunk"};

static size_t generate(unsigned char *buf, size_t size) {
  size_t n = 0;
  rng = 0x9E3779B97F4A7C15ULL;
  while (n + 200 < size) {
    uint32_t kind = next() % 10;
    char line[200];
    int len;
    if (kind < 4) {
      len = snprintf(line, sizeof line, "2024-03-%02u %02u:%02u:%02u.%03u INFO [worker-%u] request id=%08x path=/api/v%u/items/%u status=%u bytes=%u\n",
                     1 + next() % 28, next() % 24, next() % 60, next() % 60, next() % 1000, next() % 16,
                     next(), 1 + next() % 3, next() % 100000, next() % 8 ? 200 : 404, next() % 65536);
    } else if (kind < 8) {
      len = 0;
      int words = 6 + (int)(next() % 12);
      for (int w = 0; w < words; w++) {
        const char *word = WORDS[(next() % 30) * (next() % 30) / 30];
        len += snprintf(line + len, sizeof line - (size_t)len, "%s%s", w ? " " : "", word);
      }
      len += snprintf(line + len, sizeof line - (size_t)len, ".\n");
    } else {
      len = snprintf(line, sizeof line, "%u,%u,%u.%02u,%d,%x\n", next() % 1000, next(), next() % 100,
                     next() % 100, (int)(next() % 2001) - 1000, next() & 0xfffff);
    }
    memcpy(buf + n, line, (size_t)len);
    n += (size_t)len;
  }
  return n;
}

static int gzip_roundtrip(const unsigned char *in, size_t len, int level) {
  size_t cap = deflateBound(NULL, (uLong)len) + 64;
  unsigned char *gz = malloc(cap), *back = malloc(len);
  z_stream s;
  memset(&s, 0, sizeof s);
  if (deflateInit2(&s, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 1;
  size_t pos = 0;
  s.next_out = gz;
  s.avail_out = (uInt)cap;
  int rc;
  do {
    size_t chunk = len - pos < 16384 ? len - pos : 16384;
    s.next_in = (unsigned char *)in + pos;
    s.avail_in = (uInt)chunk;
    pos += chunk;
    rc = deflate(&s, pos == len ? Z_FINISH : Z_NO_FLUSH);
  } while (pos < len || rc == Z_OK);
  size_t gzlen = s.total_out;
  deflateEnd(&s);
  if (rc != Z_STREAM_END) return 1;

  memset(&s, 0, sizeof s);
  if (inflateInit2(&s, 31) != Z_OK) return 1;
  s.next_in = gz;
  s.avail_in = (uInt)gzlen;
  size_t out = 0;
  do {
    s.next_out = back + out;
    s.avail_out = (uInt)(len - out < 4096 ? len - out : 4096);
    rc = inflate(&s, Z_NO_FLUSH);
    out = s.total_out;
  } while (rc == Z_OK && out < len);
  if (rc == Z_OK) rc = inflate(&s, Z_FINISH);
  inflateEnd(&s);
  int ok = rc == Z_STREAM_END && out == len && memcmp(in, back, len) == 0;
  out_printf("gzip level %d: %zu -> %zu bytes, crc32 %08lx of the .gz, round trip %s\n", level, len, gzlen,
             crc32(0, gz, (uInt)gzlen), ok ? "ok" : "FAILED");
  free(gz);
  free(back);
  return ok ? 0 : 1;
}

static int run_unit(int argc, char **argv) {
  size_t size = (argc > 1 ? (size_t)atol(argv[1]) : 7) << 20;
  unsigned char *in = malloc(size);
  size_t len = generate(in, size);
  uLong bound = compressBound((uLong)len);
  unsigned char *z = malloc(bound), *back = malloc(len);
  uLongf zlen = bound, blen = (uLongf)len;
  int rc = compress2(z, &zlen, in, (uLong)len, 6);
  if (rc != Z_OK) {
    fprintf(stderr, "compress2: %d\n", rc);
    return 1;
  }
  rc = uncompress(back, &blen, z, zlen);
  int ok = rc == Z_OK && blen == len && memcmp(in, back, len) == 0;
  out_printf("zlib %s\ninput %zu bytes, crc32 %08lx, adler32 %08lx\n", zlibVersion(), len,
             crc32(0, in, (uInt)len), adler32(1, in, (uInt)len));
  out_printf("compress2 level 6: %lu bytes (%.2f%%), crc32 %08lx; uncompress: %s\n", (unsigned long)zlen,
             100.0 * (double)zlen / (double)len, crc32(0, z, (uInt)zlen), ok ? "round trip ok" : "FAILED");
  int status = ok ? 0 : 1;
  size_t start = len / 3, slice = len - start < (1u << 20) ? len - start : (1u << 20);
  status |= gzip_roundtrip(in + start, slice, 1);
  status |= gzip_roundtrip(in + start, slice, 9);
  free(in);
  free(z);
  free(back);
  return status;
}
