#!/usr/bin/env bash
# Whole-process start-up: median wall time of N fresh `./ipvm run examples/fib.wasm --invoke fib 20`,
# with the compiled-class cache warm (the normal case after the first run) and with --no-cache
# (parse + compile every time). Uses a temporary IPVM_HOME; the first, untimed run builds if needed,
# records the launcher's AOT cache (assembled in the background: the script waits for it) and fills
# the class cache.
#   jmh-benchmarks/scripts/startup.sh [N]        (default 9)
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-9}
cd "$root"
IPVM_HOME=$(mktemp -d)
export IPVM_HOME
trap 'rm -rf "$IPVM_HOME"' EXIT
out=$(./ipvm run examples/fib.wasm --invoke fib 20)
[[ $out == 6765 ]] || { echo "startup.sh: unexpected output: $out" >&2; exit 1; }
for ((i = 0; i < 60; i++)); do
  compgen -G "tools/target/ipvm-*.aot" >/dev/null && break
  sleep 0.5
done
compgen -G "tools/target/ipvm-*.aot" >/dev/null || echo "startup.sh: no AOT cache was made (tools/target/ipvm-*.aot); measuring without" >&2
./ipvm run --verbose examples/fib.wasm --invoke fib 20 2>&1 >/dev/null | grep -q "cache hit" ||
  { echo "startup.sh: the second run did not hit the class cache" >&2; exit 1; }

measure() {
  local label=$1
  shift
  local times=() s e
  for ((i = 0; i < n; i++)); do
    s=$(date +%s%N)
    ./ipvm run "$@" examples/fib.wasm --invoke fib 20 > /dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  local sorted median
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p")
  echo "ipvm run examples/fib.wasm --invoke fib 20 ($label): median ${median} ms over $n runs (all: ${times[*]})"
}
measure "class cache warm"
measure "--no-cache" --no-cache
