#!/usr/bin/env bash
# Rebuilds every examples/*.wat into the .wasm beside it with wabt's wat2wasm, then validates it.
#   examples/build.sh            # all examples
#   examples/build.sh fib.wat    # only those named
# Needs wabt (Debian: apt-get install wabt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v wat2wasm >/dev/null 2>&1; then
  echo "build.sh: wat2wasm not found; install wabt (apt-get install wabt)" >&2
  exit 1
fi

if [ "$#" -eq 0 ]; then
  set -- *.wat
fi

for wat in "$@"; do
  wasm="${wat%.wat}.wasm"
  wat2wasm "$wat" -o "$wasm"
  if command -v wasm-validate >/dev/null 2>&1; then
    wasm-validate "$wasm"
  fi
  echo "$wat -> $wasm ($(wc -c <"$wasm") bytes)"
done
