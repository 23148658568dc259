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
[[ $# -eq 2 ]] || { echo "usage: fuzz/reduce.sh [--metered] [--jvm-only] [Check variant options] IN.wasm OUT.wasm" >&2; exit 2; }
in=$(realpath "$1"); out=$(realpath -m "$2")
# run.sh builds when needed and prints the java command; the check then runs java directly, so a
# rebuild can never change its output half-way through a reduction.
mapfile -t java < <("$ROOT/fuzz/run.sh" --java-command)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private copy of the fuzz classes: a build during the reduction must not change the test.
cp -r "$ROOT/fuzz/target/classes" "$work/classes"
java=("${java[@]/fuzz\/target\/classes:/$work/classes:}")
cat >"$work/check.sh" <<EOS
#!/usr/bin/env bash
cd "$ROOT" && exec ${java[*]} -XX:TieredStopAtLevel=1 io.ipvm.fuzz.Check ${flags[*]} "$work/t.wasm" 2>/dev/null
EOS
chmod +x "$work/check.sh"
cd "$work"
wasm-reduce --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-bulk-memory --enable-multivalue "$in" --command="$work/check.sh" -t "$work/t.wasm" -w "$out" --timeout=30 \
  -b "$(dirname "$(command -v wasm-opt)")/" >&2
ls -l "$out"
