#!/usr/bin/env bash
# Builds the benchmark workloads:
#   NAME.wasm           clang --target=wasm32-wasi -O2, no start files, no entry, clang's default Wasm
#                       features only (no SIMD, no bulk memory), debug sections stripped; committed.
#   build/NAME-native   the same C with bench_main_native.c, native -O2 (not committed).
# Then checks that every module has no imports and exports memory, bench and expected; that
# bench() == expected() natively; and SHA-256 against known vectors and sha256sum.
#
# Usage: build.sh [--update-expected] [NAME...]     (default: all workloads)
#   --update-expected   after changing a workload, rewrite the constant in its expected() with the
#                       checksum bench() computes natively, then rebuild; review the diff, and run
#                       ../scripts/run-node.mjs --checksum to cross-check the value on a Wasm engine
# Needs: clang-19 + lld-19 (wasm-ld), Debian's wasi-libc, libclang-rt-19-dev-wasm32, wabt.
#   apt-get install -y clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 wabt
# CLANG=/path/to/clang overrides the compiler; NATIVE_CFLAGS (default -O2) the native flags, e.g.
# NATIVE_CFLAGS="-O2 -fno-vectorize -fno-slp-vectorize" for a native build without SSE2 auto-vectorization.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

CLANG=${CLANG:-clang-19}
ALL=(fib matmul sha256 nbody mandelbrot json image lz77 hashmap script pa_blur pa_sort pa_matmul pa_hash pa_interp)
update=0
if [[ ${1:-} == --update-expected ]]; then update=1; shift; fi
if (($#)); then NAMES=("$@"); else NAMES=("${ALL[@]}"); fi

command -v "$CLANG" >/dev/null || { echo "build.sh: $CLANG not found (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)" >&2; exit 1; }
command -v wasm-objdump >/dev/null || { echo "build.sh: wasm-objdump not found (apt-get install wabt)" >&2; exit 1; }

WASM_FLAGS=(--target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry -Wl,--strip-debug)
read -r -a NATIVE_FLAGS <<<"${NATIVE_CFLAGS:--O2}"
mkdir -p build
fail=0

for name in "${NAMES[@]}"; do
  [[ -f $name.c ]] || { echo "build.sh: no $name.c" >&2; exit 1; }
  if ((update)); then
    "$CLANG" "${NATIVE_FLAGS[@]}" -o "build/$name-native" "$name.c" bench_main_native.c
    value=$("build/$name-native" --checksum 2>/dev/null || true)
    [[ $value =~ ^-?[0-9]+$ ]] || { echo "build.sh: $name: no checksum from bench()" >&2; exit 1; }
    sed -i '/^EXPORT("expected")/,/^}/ s/return .*;/return '"$value"'LL;/' "$name.c"
    echo "$name: expected() now returns $value"
  fi
  "$CLANG" "${WASM_FLAGS[@]}" -o "$name.wasm" "$name.c"
  "$CLANG" "${NATIVE_FLAGS[@]}" -o "build/$name-native" "$name.c" bench_main_native.c

  details=$(wasm-objdump -x "$name.wasm")
  imports=$(wasm-objdump -j Import -x "$name.wasm" 2>/dev/null | grep -c ' <- ' || true)
  if ((imports != 0)); then
    echo "FAIL $name.wasm has $imports import(s):" >&2
    wasm-objdump -j Import -x "$name.wasm" >&2
    fail=1
  fi
  for e in '"memory"' '"bench"' '"expected"'; do
    grep -q -- "-> $e" <<<"$details" || { echo "FAIL $name.wasm does not export $e" >&2; fail=1; }
  done
  features=$(awk '/name: "target_features"/{f=1;next} f&&/\[\+\]/{printf "%s ", $3} f&&!/\[\+\]/{f=0}' <<<"$details")
  if got=$("build/$name-native" --checksum); then
    status=ok
  else
    status="MISMATCH: expected() returns something else (build.sh --update-expected $name?)"
    fail=1
  fi
  printf '%-11s %7s bytes  features: %-45s bench()=%-21s %s\n' \
    "$name" "$(stat -c %s "$name.wasm")" "$features" "$got" "$status"
done

# SHA-256: known-answer tests and the 1 MiB buffer against coreutils' sha256sum.
if [[ " ${NAMES[*]} " == *" sha256 "* ]]; then
  "$CLANG" -O2 -DSHA256_SELFTEST -o build/sha256-selftest sha256.c
  ours=$(build/sha256-selftest build/sha256-input.bin)
  theirs=$(sha256sum build/sha256-input.bin | cut -d' ' -f1)
  if [[ $ours == "$theirs" ]]; then
    echo "sha256      known vectors ok; 1 MiB buffer digest $ours matches sha256sum"
  else
    echo "FAIL sha256: ours $ours, sha256sum $theirs" >&2
    fail=1
  fi
fi

exit $fail
