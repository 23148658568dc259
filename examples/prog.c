// A WASI program that shows what ipvm gives it: its arguments, the LANG variable, and the first
// line of each file named by an argument that does not start with '-' (through the preopened
// directories, e.g. --dir examples::/data).
//   ./ipvm run examples/prog.wasm --dir examples::/data --env LANG=C -- -v /data/input.txt
// Exits with 2 when a file cannot be opened.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    printf("argv[%d] = %s\n", i, argv[i]);
  }
  const char *lang = getenv("LANG");
  printf("LANG = %s\n", lang ? lang : "(unset)");
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') {
      continue;
    }
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      perror(argv[i]);
      status = 2;
      continue;
    }
    char line[256];
    if (fgets(line, sizeof line, f)) {
      line[strcspn(line, "\n")] = 0;
      printf("%s: %s\n", argv[i], line);
    }
    fclose(f);
  }
  return status;
}
