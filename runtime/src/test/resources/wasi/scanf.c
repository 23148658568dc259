// Reads a name and integers from stdin; prints their count and sum.
#include <stdio.h>

int main(void) {
  char name[64];
  if (scanf("%63s", name) != 1) {
    printf("no name\n");
    return 1;
  }
  long sum = 0;
  int n = 0, x;
  while (scanf("%d", &x) == 1) {
    sum += x;
    n++;
  }
  printf("%s: %d numbers, sum %ld\n", name, n, sum);
  return 0;
}
