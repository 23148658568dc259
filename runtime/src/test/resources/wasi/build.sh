#!/bin/sh
# Rebuilds the WASI test programs (the .wasm files are committed: CI has no clang).
# Needs clang 19 with the wasm32-wasi target and wasi-libc (Debian: clang-19, lld-19, wasi-libc).
set -eu
cd "$(dirname "$0")"
CC=${CC:-clang-19}
for c in *.c; do
  "$CC" --target=wasm32-wasi -O2 -Wl,--strip-all -o "${c%.c}.wasm" "$c"
done
