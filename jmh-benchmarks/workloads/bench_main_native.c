/*
 * Native driver for one workload: links with NAME.c and times its bench().
 *
 *   NAME-native                  warm up, then time rounds; prints one JSON object:
 *                                {"ms_per_op": M, "ops_per_round": K, "rounds": R, "checksum": C}
 *   NAME-native --checksum       prints bench() once (used to fill in expected())
 *
 * Environment: BENCH_WARMUP_MS (default 500), BENCH_ROUND_MS (default 200), BENCH_ROUNDS (default 7).
 * ms_per_op is the median over the rounds of (round time / calls in the round).
 * Exits with status 2 if any bench() result differs from expected().
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t bench(void);
int64_t expected(void);

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long env_long(const char *name, long dflt) {
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static int64_t want;

static void check(int64_t got) {
    if (got != want) {
        fprintf(stderr, "checksum mismatch: bench() = %lld, expected() = %lld\n",
                (long long)got, (long long)expected());
        exit(2);
    }
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    want = expected();
    if (argc > 1 && strcmp(argv[1], "--checksum") == 0) {
        int64_t c = bench();
        printf("%lld\n", (long long)c);
        return c == expected() ? 0 : 2;
    }
    const double warmup_ms = (double)env_long("BENCH_WARMUP_MS", 500);
    const double round_ms = (double)env_long("BENCH_ROUND_MS", 200);
    long rounds = env_long("BENCH_ROUNDS", 7);
    if (rounds < 1) rounds = 1;
    if (rounds > 101) rounds = 101;

    /* Warm-up: at least 3 calls and at least warmup_ms; also estimates the cost of one call. */
    double t0 = now_ms();
    long calls = 0;
    int64_t sink = 0;
    do {
        int64_t c = bench();
        check(c);
        sink ^= c;
        calls++;
    } while (calls < 3 || now_ms() - t0 < warmup_ms);
    double est = (now_ms() - t0) / (double)calls;
    long per_round = (long)(round_ms / (est > 1e-6 ? est : 1e-6));
    if (per_round < 1) per_round = 1;

    double times[101];
    for (long r = 0; r < rounds; r++) {
        double s = now_ms();
        for (long i = 0; i < per_round; i++) {
            int64_t c = bench();
            sink ^= c;
            check(c);
        }
        times[r] = (now_ms() - s) / (double)per_round;
    }
    qsort(times, (size_t)rounds, sizeof times[0], cmp_double);
    double median = (rounds & 1) ? times[rounds / 2] : (times[rounds / 2 - 1] + times[rounds / 2]) / 2;
    printf("{\"ms_per_op\": %.4f, \"ops_per_round\": %ld, \"rounds\": %ld, \"checksum\": %lld, \"sink\": %lld}\n",
           median, per_round, rounds, (long long)expected(), (long long)(sink & 1));
    return 0;
}
