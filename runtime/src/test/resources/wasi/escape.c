// Tries to leave the preopened directory (fd 3, named by argv[1]). Prints "name errno" per try.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static void raw_open(const char *what, const char *path) {
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0,
                                      __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("%s %d\n", what, e);
}

static void raw_create(const char *what, const char *path) {
  __wasi_fd_t fd;
  __wasi_errno_t e = __wasi_path_open(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path,
                                      __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd);
  printf("%s %d\n", what, e);
}

static void raw_stat(const char *what, const char *path) {
  __wasi_filestat_t st;
  __wasi_errno_t e = __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, &st);
  printf("%s %d\n", what, e);
}

static void libc_open(const char *what, const char *path) {
  errno = 0;
  int fd = open(path, O_RDONLY);
  printf("%s %d\n", what, fd >= 0 ? 0 : errno);
  if (fd >= 0) close(fd);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/sandbox";
  char path[256];
  raw_open("raw_dotdot", "../etc/passwd");
  raw_open("raw_deep_dotdot", "sub/../../etc/passwd");
  raw_open("raw_absolute", "/etc/passwd");
  raw_open("raw_link_out", "link_out");
  raw_open("raw_through_link", "dir_out/secret.txt");
  raw_stat("raw_stat_through_link", "dir_out/secret.txt");
  raw_create("raw_create_through_dangling", "dangle");
  raw_create("raw_create_dangling_in", "dangle_in");
  raw_open("raw_inside", "inside.txt");
  raw_open("raw_link_in", "link_in");
  raw_open("raw_missing", "nope.txt");
  {
    __wasi_fd_t fd;
    printf("raw_bad_fd %d\n", __wasi_path_open(99, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0,
                                                0, &fd));
  }
  {
    __wasi_errno_t e = __wasi_path_rename(3, "inside.txt", 3, "../stolen.txt");
    printf("raw_rename_out %d\n", e);
  }
  {
    __wasi_errno_t e = __wasi_path_create_directory(3, "../newdir");
    printf("raw_mkdir_out %d\n", e);
  }
  {
    __wasi_errno_t e = __wasi_path_unlink_file(3, "dir_out/secret.txt");
    printf("raw_unlink_through_link %d\n", e);
  }
  libc_open("libc_absolute", "/etc/passwd");
  snprintf(path, sizeof path, "%s/../etc/passwd", dir);
  libc_open("libc_dotdot", path);
  snprintf(path, sizeof path, "%s/link_out", dir);
  libc_open("libc_link_out", path);
  snprintf(path, sizeof path, "%s/inside.txt", dir);
  libc_open("libc_inside", path);
  return 0;
}
