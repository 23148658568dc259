#!/usr/bin/env bash
# Whole-process start-up: median wall time of N fresh `./ipvm run examples/fib.wasm --invoke fib 20`.
#   jmh-benchmarks/scripts/startup.sh [N]        (default 9; the first, untimed run builds if needed)
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-9}
cd "$root"
out=$(./ipvm run examples/fib.wasm --invoke fib 20)
[[ $out == 6765 ]] || { echo "startup.sh: unexpected output: $out" >&2; exit 1; }
times=()
for ((i = 0; i < n; i++)); do
  s=$(date +%s%N)
  ./ipvm run examples/fib.wasm --invoke fib 20 > /dev/null
  e=$(date +%s%N)
  times+=($(( (e - s) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p")
echo "ipvm run examples/fib.wasm --invoke fib 20: median ${median} ms over $n runs (all: ${times[*]})"
