#!/usr/bin/env bash
# Do the hot generated methods of a workload reach HotSpot's C2 tier?
#
#   jmh-benchmarks/scripts/c2-check.sh [SECONDS] [WORKLOAD...]     (default: 10 s, all workloads)
#
# Runs each workload on ipvm-jvm with -XX:+PrintCompilation and, for every generated method
# (io.ipvm.generated.*) that HotSpot compiled at all, prints the highest tier it reached. A method
# that was compiled at tier 3 (C1 with profiling: it was hot) but never at tier 4 is listed as a
# problem and the script exits 1. Needs jmh-benchmarks/target/benchmarks.jar (run.sh builds it).
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=$here/../target/benchmarks.jar
[[ -f $jar ]] || { echo "build first: mvn -pl jmh-benchmarks -am package -DskipTests" >&2; exit 2; }
java=${IPVM_JAVA:-}
if [[ -z $java ]]; then
  for j in /usr/lib/jvm/*/bin/java; do
    if "$j" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then java=$j; fi
  done
fi
seconds=${1:-10}
shift || true
workloads=("$@")
[[ ${#workloads[@]} -gt 0 ]] || workloads=(fib matmul sha256 nbody mandelbrot json image lz77 hashmap)
status=0
for w in "${workloads[@]}"; do
  log=$(mktemp)
  "$java" -XX:+PrintCompilation -Xss64m -cp "$jar" io.ipvm.bench.C2Check "$w" "$seconds" > "$log"
  # columns: time id [flags] tier method (size) [notes]; OSR compilations carry a '%' flag
  awk -v w="$w" '
    / io\.ipvm\.generated\./ && !/made not entrant/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^io\.ipvm\.generated\./) { m = $i; t = $(i-1) }
      if (t ~ /^[0-4]$/ && (!(m in best) || t > best[m])) best[m] = t
    }
    END {
      bad = 0; n = 0
      for (m in best) { n++; if (best[m] == 3) { print "  " w ": " m " stopped at tier 3"; bad++ } }
      printf "%-10s %d generated methods compiled, %d reached C2 (tier 4)%s\n", w, n, n - bad, bad ? "  <-- PROBLEM" : ""
      exit bad > 0
    }' "$log" || status=1
  rm -f "$log"
done
exit $status
