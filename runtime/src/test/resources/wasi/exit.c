// exit(N) where N is argv[1] (3 by default), after buffered output: stdio must be flushed.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 3;
  printf("exiting with %d", code);  // no newline: only exit() flushes it
  exit(code);
}
