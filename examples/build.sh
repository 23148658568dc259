#!/usr/bin/env bash
# Rebuilds every examples/*.wat into the .wasm beside it with wabt's wat2wasm, then validates it,
# and every examples/*.c (WASI programs) with clang-19 for wasm32-wasi.
#   examples/build.sh                  # all examples
#   examples/build.sh fib.wat sum.c    # only those named
# Needs wabt (Debian: apt-get install wabt); for the C programs clang-19, lld-19 and wasi-libc
# (Debian: apt-get install clang-19 lld-19 wasi-libc). Their .wasm files are committed, so the
# C programs are skipped with a note when clang is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "build.sh: wat2wasm not found; install wabt (apt-get install wabt)" >&2
  exit 1
fi

if [ "$#" -eq 0 ]; then
  set -- *.wat *.c
fi

CC=${CC:-clang-19}
for wat in "$@"; do
  if [[ $wat == *.c ]]; then
    wasm="${wat%.c}.wasm"
    if ! command -v "$CC" >/dev/null 2>&1; then
      echo "build.sh: $CC not found; keeping the committed $wasm" >&2
      continue
    fi
    "$CC" --target=wasm32-wasi -O2 -Wl,--strip-all -o "$wasm" "$wat"
    echo "$wat -> $wasm ($(wc -c <"$wasm") bytes)"
    continue
  fi
  wasm="${wat%.wat}.wasm"
  wat2wasm "$wat" -o "$wasm"
  if command -v wasm-validate >/dev/null 2>&1; then
    wasm-validate "$wasm"
  fi
  echo "$wat -> $wasm ($(wc -c <"$wasm") bytes)"
done
