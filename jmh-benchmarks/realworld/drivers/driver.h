/* The loop shared by every RealWorldBench driver, compiled the same way natively and for
 * wasm32-wasi, so that native code, Node (node:wasi) and ipvm-jvm run exactly the same program.
 *
 *   PROG [--iterations N | --bench WARMUP_MS ROUNDS] ARGS...
 *
 * - default: one unit of work; its output goes to standard output, and the process exits with the
 *   unit's status (0 when it succeeded).
 * - --iterations N: N units in one process; the first one's output is printed, the others' output
 *   is hashed and must equal the first's (exit status 3 otherwise).
 * - --bench WARMUP_MS ROUNDS: steady state in one process. Units run (output hashed, not printed)
 *   for at least WARMUP_MS, then ROUNDS rounds of at least ~300 ms each; prints one JSON line on
 *   standard output: {"ms_per_op": median, "min": ..., "max": ..., "cv": ..., ...}.
 *
 * A driver defines run_unit(argc, argv) (argv after the options; argv[0] is the program) and
 * sends everything the program prints through out_write / out_printf.
 */
#ifndef RW_DRIVER_H
#define RW_DRIVER_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int run_unit(int argc, char **argv);

static int out_quiet;       /* 1: hash output instead of writing it */
static uint64_t out_hash;   /* FNV-1a of the unit's output */
static uint64_t out_bytes;

static void out_write(const void *data, size_t len) {
  out_bytes += len;
  if (out_quiet) {
    const unsigned char *p = data;
    uint64_t h = out_hash;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    out_hash = h;
  } else {
    fwrite(data, 1, len, stdout);
  }
}

static void out_printf(const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    out_write(small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) abort();
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  out_write(big, (size_t)n);
  free(big);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs one unit quietly; returns its status, and its output hash in *hash. */
static int unit_quiet(int argc, char **argv, uint64_t *hash) {
  out_quiet = 1;
  out_hash = 0xcbf29ce484222325ULL;
  out_bytes = 0;
  int status = run_unit(argc, argv);
  *hash = out_hash ^ out_bytes;
  return status;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  long iterations = 1, warmup_ms = -1, rounds = 0;
  int i = 1;
  if (argc > 2 && strcmp(argv[1], "--iterations") == 0) {
    iterations = atol(argv[2]);
    i = 3;
  } else if (argc > 3 && strcmp(argv[1], "--bench") == 0) {
    warmup_ms = atol(argv[2]);
    rounds = atol(argv[3]);
    i = 4;
  }
  /* the unit sees argv[0] followed by the remaining arguments */
  int uargc = argc - i + 1;
  char **uargv = malloc(sizeof(char *) * (size_t)(uargc + 1));
  uargv[0] = argv[0];
  for (int k = 1; k < uargc; k++) uargv[k] = argv[i + k - 1];
  uargv[uargc] = NULL;

  if (warmup_ms < 0) {
    /* the first unit prints; the hash of its output is taken as well, for --iterations */
    out_quiet = 0;
    int status = run_unit(uargc, uargv);
    fflush(stdout);
    if (status != 0 || iterations <= 1) return status;
    uint64_t want;
    unit_quiet(uargc, uargv, &want);
    for (long k = 2; k < iterations; k++) {
      uint64_t got;
      int s = unit_quiet(uargc, uargv, &got);
      if (s != 0 || got != want) {
        fprintf(stderr, "iteration %ld: status %d, output differs from the second iteration's\n", k + 1, s);
        return 3;
      }
    }
    return 0;
  }

  uint64_t want, got;
  double t0 = now_ms();
  if (unit_quiet(uargc, uargv, &want) != 0) {
    fprintf(stderr, "the unit failed\n");
    return 1;
  }
  long warm = 1;
  double last = now_ms() - t0;
  while (now_ms() - t0 < (double)warmup_ms || warm < 2) {
    double s = now_ms();
    if (unit_quiet(uargc, uargv, &got) != 0 || got != want) {
      fprintf(stderr, "warm-up unit %ld: failed or output differs\n", warm + 1);
      return 3;
    }
    last = now_ms() - s;
    warm++;
  }
  long per_round = last > 0 ? (long)(300.0 / last) : 1;
  if (per_round < 1) per_round = 1;
  if (rounds < 1) rounds = 1;
  double *times = malloc(sizeof(double) * (size_t)rounds);
  for (long r = 0; r < rounds; r++) {
    double s = now_ms();
    for (long k = 0; k < per_round; k++) {
      if (unit_quiet(uargc, uargv, &got) != 0 || got != want) {
        fprintf(stderr, "round %ld: failed or output differs\n", r + 1);
        return 3;
      }
    }
    times[r] = (now_ms() - s) / (double)per_round;
  }
  double mean = 0, var = 0;
  for (long r = 0; r < rounds; r++) mean += times[r];
  mean /= (double)rounds;
  for (long r = 0; r < rounds; r++) var += (times[r] - mean) * (times[r] - mean);
  var = rounds > 1 ? var / (double)(rounds - 1) : 0;
  double sd = 0;
  /* sqrt without libm: Newton's method is plenty for a coefficient of variation */
  if (var > 0) {
    sd = var;
    for (int k = 0; k < 60; k++) sd = 0.5 * (sd + var / sd);
  }
  qsort(times, (size_t)rounds, sizeof(double), cmp_double);
  double median = rounds % 2 ? times[rounds / 2] : (times[rounds / 2 - 1] + times[rounds / 2]) / 2;
  printf("{\"ms_per_op\": %.4f, \"min\": %.4f, \"max\": %.4f, \"cv\": %.4f, \"rounds\": %ld, "
         "\"ops_per_round\": %ld, \"warmup_ops\": %ld, \"output_hash\": \"%016llx\"}\n",
         median, times[0], times[rounds - 1], mean > 0 ? sd / mean : 0, rounds, per_round, warm,
         (unsigned long long)want);
  return 0;
}

#endif
