#!/usr/bin/env bash
# Shrinks a failing module with binaryen's wasm-reduce while ipvm-jvm's failure stays the same
# (the signature io.ipvm.fuzz.Check prints: the verdict, and for a crash where and which exception).
#
#   fuzz/reduce.sh [--metered] [--jvm-only] IN.wasm OUT.wasm
#
# --jvm-only skips V8 (enough for crashes, and much faster). Then: wasm2wat OUT.wasm, or
# wasm-opt --print OUT.wasm, for the text.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
flags=()
while [[ $# -gt 2 ]]; do flags+=("$1"); shift; done
[[ $# -eq 2 ]] || { echo "usage: fuzz/reduce.sh [--metered] [--jvm-only] IN.wasm OUT.wasm" >&2; exit 2; }
in=$(realpath "$1"); out=$(realpath -m "$2")
# run.sh builds when needed; --help is a cheap way to trigger just that.
"$ROOT/fuzz/run.sh" --help >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/check.sh" <<EOS
#!/usr/bin/env bash
cd "$ROOT" && exec "$ROOT/fuzz/run.sh" --check ${flags[*]} "$work/t.wasm"
EOS
chmod +x "$work/check.sh"
cd "$work"
wasm-reduce --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-bulk-memory --enable-multivalue "$in" --command="$work/check.sh" -t "$work/t.wasm" -w "$out" --timeout=30 \
  -b "$(dirname "$(command -v wasm-opt)")/" >&2
ls -l "$out"
