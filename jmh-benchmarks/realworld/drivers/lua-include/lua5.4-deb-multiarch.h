/* Debian's lua5.4 patches luaconf.h to include this (it defines the multiarch triplet used in
 * the C module search path, which the benchmark never uses). */
#define DEB_HOST_MULTIARCH "none"
