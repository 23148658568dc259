// Clocks, sleeping and random bytes. Prints "ok ..." lines, or "FAIL ..." and exits 1.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond, what)          \
  do {                             \
    if (!(cond)) {                 \
      printf("FAIL %s\n", what);   \
      return 1;                    \
    }                              \
    printf("ok %s\n", what);       \
  } while (0)

int main(void) {
  struct timespec rt, m1, m2, res;
  CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0, "realtime");
  printf("realtime %lld\n", (long long)rt.tv_sec);
  CHECK(rt.tv_sec > 1600000000LL, "realtime after 2020");
  CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0, "getres");
  CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0, "monotonic");
  struct timespec nap = {0, 30 * 1000 * 1000};
  CHECK(nanosleep(&nap, NULL) == 0, "nanosleep");
  CHECK(clock_gettime(CLOCK_MONOTONIC, &m2) == 0, "monotonic again");
  long long elapsed = (m2.tv_sec - m1.tv_sec) * 1000000000LL + (m2.tv_nsec - m1.tv_nsec);
  printf("slept %lld ms\n", elapsed / 1000000);
  CHECK(elapsed >= 30 * 1000 * 1000LL, "slept at least 30 ms");

  unsigned char a[32], b[32], zero[32] = {0};
  CHECK(getentropy(a, sizeof a) == 0, "getentropy");
  CHECK(getentropy(b, sizeof b) == 0, "getentropy again");
  CHECK(memcmp(a, b, sizeof a) != 0, "two draws differ");
  CHECK(memcmp(a, zero, sizeof a) != 0, "not all zero");
  printf("first byte %d\n", a[0]);
  return 0;
}
