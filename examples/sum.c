// A WASI program: reads whitespace-separated integers from standard input and prints their sum.
// Exits with 0, or with 1 (and a message on stderr) when a word is not an integer.
//   echo "1 2 3" | ./ipvm run examples/sum.wasm      # 6
#include <stdio.h>

int main(void) {
  long long sum = 0, x;
  int n;
  while ((n = scanf("%lld", &x)) == 1) {
    sum += x;
  }
  if (n != EOF) {
    fprintf(stderr, "sum: not an integer in the input\n");
    return 1;
  }
  printf("%lld\n", sum);
  return 0;
}
