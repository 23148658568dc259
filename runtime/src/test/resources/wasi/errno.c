// WASI calls that must fail, made directly (no libc in between), with the errno each returns,
// plus readdir over a directory bigger than wasi-libc's buffer. The preopen is fd 3.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

static __wasi_fd_t open_at3(const char *path, __wasi_oflags_t oflags, __wasi_rights_t rights,
                            __wasi_errno_t *e) {
  __wasi_fd_t fd = (__wasi_fd_t)-1;
  *e = __wasi_path_open(3, 0, path, oflags, rights, 0, 0, &fd);
  return fd;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/sandbox";
  __wasi_errno_t e;
  __wasi_size_t n;
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  printf("write_bad_fd %d\n", __wasi_fd_write(42, &iov, 1, &n));
  __wasi_filesize_t pos;
  printf("seek_stdout %d\n", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &pos));
  printf("write_fault %d\n", __wasi_fd_write(1, (const __wasi_ciovec_t *)0xfffffff0u, 1, &n));
  __wasi_prestat_t ps;
  printf("prestat_stdin %d\n", __wasi_fd_prestat_get(0, &ps));
  e = __wasi_fd_prestat_get(3, &ps);
  char name[64] = {0};
  __wasi_errno_t e2 = __wasi_fd_prestat_dir_name(3, (uint8_t *)name, ps.u.dir.pr_name_len);
  printf("prestat_3 %d %d %lu %s\n", e, e2, (unsigned long)ps.u.dir.pr_name_len, name);
  __wasi_timestamp_t t;
  printf("clock_bad %d\n", __wasi_clock_time_get(99, 1, &t));

  __wasi_fd_t ro = open_at3("ro.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, &e);
  printf("open_ro %d\n", e);
  printf("write_ro %d\n", __wasi_fd_write(ro, &iov, 1, &n));
  __wasi_fd_t sub;
  printf("open_under_file %d\n", __wasi_path_open(ro, 0, "x", 0, 0, 0, 0, &sub));
  printf("mkdir %d\n", __wasi_path_create_directory(3, "d"));
  printf("unlink_dir %d\n", __wasi_path_unlink_file(3, "d"));
  printf("rmdir_file %d\n", __wasi_path_remove_directory(3, "ro.txt"));
  printf("rmdir_missing %d\n", __wasi_path_remove_directory(3, "nope"));
  printf("open_excl %d\n", (open_at3("ro.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
                                     __WASI_RIGHTS_FD_WRITE, &e), e));
  printf("open_dir_as_dir_file %d\n",
         (open_at3("ro.txt", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, &e), e));
  printf("open_dir_for_write %d\n", (open_at3("d", 0, __WASI_RIGHTS_FD_WRITE, &e), e));
  printf("close_twice %d %d\n", __wasi_fd_close(ro), __wasi_fd_close(ro));

  // rename over an existing file replaces it
  __wasi_fd_t w = open_at3("a", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, &e);
  __wasi_ciovec_t aa = {(const uint8_t *)"AAAA", 4};
  e = __wasi_fd_write(w, &aa, 1, &n);
  e |= __wasi_fd_close(w);
  printf("write_a %d\n", e);
  printf("rename_over %d\n", __wasi_path_rename(3, "a", 3, "ro.txt"));
  __wasi_filestat_t st;
  e = __wasi_path_filestat_get(3, 0, "ro.txt", &st);
  printf("stat_after_rename %d size %llu type %d\n", e, (unsigned long long)st.size, st.filetype);

  char path[256];
  for (int i = 0; i < 200; i++) {
    snprintf(path, sizeof path, "%s/d/file-with-a-longish-name-%03d", dir, i);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (fd < 0) {
      printf("create %d failed\n", i);
      return 1;
    }
    close(fd);
  }
  snprintf(path, sizeof path, "%s/d", dir);
  DIR *d = opendir(path);
  int count = 0, dots = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    if (ent->d_name[0] == '.') dots++;
    else count++;
  }
  closedir(d);
  printf("readdir %d entries, %d dots\n", count, dots);
  return 0;
}
