// File system work inside the preopened directory named by argv[1] (e.g. /sandbox).
// Prints one line per step; exits 1 at the first step that fails.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static const char *at(const char *name) {
  static char buf[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

#define CHECK(cond, what)                                              \
  do {                                                                 \
    if (!(cond)) {                                                     \
      printf("FAIL %s: errno %d (%s)\n", what, errno, strerror(errno)); \
      return 1;                                                        \
    }                                                                  \
    printf("ok %s\n", what);                                           \
  } while (0)

int main(int argc, char **argv) {
  dir = argc > 1 ? argv[1] : "/sandbox";

  FILE *f = fopen(at("a.txt"), "w");
  CHECK(f != NULL, "fopen w");
  CHECK(fprintf(f, "line one\nline two\n") == 18, "fprintf");
  CHECK(fclose(f) == 0, "fclose");

  f = fopen(at("a.txt"), "a");
  CHECK(f != NULL, "fopen a");
  fputs("line three\n", f);
  fclose(f);

  f = fopen(at("a.txt"), "r");
  CHECK(f != NULL, "fopen r");
  char line[64];
  int lines = 0;
  while (fgets(line, sizeof line, f)) lines++;
  fclose(f);
  printf("lines %d\n", lines);
  CHECK(lines == 3, "three lines");

  struct stat st;
  CHECK(stat(at("a.txt"), &st) == 0 && st.st_size == 29 && S_ISREG(st.st_mode), "stat size 29");

  int fd = open(at("a.txt"), O_RDWR);
  CHECK(fd >= 0, "open rdwr");
  CHECK(lseek(fd, 5, SEEK_SET) == 5, "lseek set");
  char buf[8] = {0};
  CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "one", 3) == 0, "read after seek");
  CHECK(lseek(fd, 0, SEEK_CUR) == 8, "tell");
  CHECK(lseek(fd, -6, SEEK_END) == 23, "lseek end");
  CHECK(write(fd, "THREE", 5) == 5, "overwrite");
  CHECK(fstat(fd, &st) == 0 && st.st_size == 29, "fstat");
  CHECK(close(fd) == 0, "close");
  CHECK(close(fd) == -1 && errno == EBADF, "close twice is EBADF");

  CHECK(rename(at("a.txt"), at("b.txt")) == 0, "rename");
  CHECK(access(at("a.txt"), F_OK) == -1 && errno == ENOENT, "old name gone");
  f = fopen(at("b.txt"), "r");
  CHECK(f != NULL, "open renamed");
  char all[64] = {0};
  fread(all, 1, sizeof all - 1, f);
  fclose(f);
  CHECK(strcmp(all, "line one\nline two\nline THREE\n") == 0, "content after rename");

  CHECK(mkdir(at("sub"), 0755) == 0, "mkdir");
  CHECK(mkdir(at("sub"), 0755) == -1 && errno == EEXIST, "mkdir again is EEXIST");
  f = fopen(at("sub/c.txt"), "w");
  CHECK(f != NULL, "create in sub");
  fclose(f);
  CHECK(rmdir(at("sub")) == -1 && errno == ENOTEMPTY, "rmdir non-empty is ENOTEMPTY");

  DIR *d = opendir(dir);
  CHECK(d != NULL, "opendir");
  struct dirent *e;
  int seen = 0;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, "b.txt") == 0 && e->d_type == DT_REG) seen |= 1;
    if (strcmp(e->d_name, "sub") == 0 && e->d_type == DT_DIR) seen |= 2;
    if (strcmp(e->d_name, "keep.txt") == 0) seen |= 4;
  }
  closedir(d);
  printf("readdir saw %d\n", seen);
  CHECK((seen & 3) == 3, "readdir lists b.txt and sub");

  CHECK(unlink(at("sub/c.txt")) == 0, "unlink in sub");
  CHECK(rmdir(at("sub")) == 0, "rmdir");
  CHECK(unlink(at("b.txt")) == 0, "unlink");
  CHECK(unlink(at("b.txt")) == -1 && errno == ENOENT, "unlink again is ENOENT");
  CHECK(open(at("missing.txt"), O_RDONLY) == -1 && errno == ENOENT, "open missing is ENOENT");

  f = fopen(at("keep.txt"), "w");
  CHECK(f != NULL, "create keep.txt");
  fputs("kept\n", f);
  fclose(f);
  printf("done\n");
  return 0;
}
