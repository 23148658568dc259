#!/usr/bin/env bash
# Do the hot generated methods of a workload reach HotSpot's C2 tier?
#
#   jmh-benchmarks/scripts/c2-check.sh [SECONDS] [WORKLOAD...]     (default: 10 s, all workloads)
#
# Runs each workload on ipvm-jvm with -XX:+PrintCompilation and, for every generated method
# (io.ipvm.generated.*) that HotSpot compiled at all, prints the highest tier it reached. Methods
# that reached tier 3 (C1 with profiling) but not tier 4 are listed: that is expected for methods
# called only a few thousand times (e.g. a bench() wrapper around a hot loop or call), and worth a
# look for a method that does the work. The script exits 1 if a generated method was rejected by
# the JIT (COMPILE SKIPPED) and never reached C2, which is what a method C2 cannot handle shows.
# Runs with -XX:-DontCompileHugeMethods -XX:Tier3DelayOn=100000, as KernelBench and the ipvm
# launcher do.
# Needs jmh-benchmarks/target/benchmarks.jar (run.sh builds it).
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
[[ ${#workloads[@]} -gt 0 ]] || workloads=(fib matmul sha256 nbody mandelbrot json image lz77 hashmap script)
status=0
for w in "${workloads[@]}"; do
  log=$(mktemp)
  "$java" -XX:+PrintCompilation -XX:-DontCompileHugeMethods -XX:Tier3DelayOn=100000 -Xss64m -cp "$jar" io.ipvm.bench.C2Check "$w" "$seconds" > "$log"
  # columns: time id [flags] tier method (size) [notes]; OSR compilations carry a '%' flag
  # A method C1 gives up on ("COMPILE SKIPPED ... retry at different tier", e.g. a huge method
  # that runs out of virtual registers) is fine if C2 then compiles it; a method that never
  # reaches tier 4 after being skipped is a rejection.
  if ! awk -v w="$w" '
    / io\.ipvm\.generated\./ && !/made not entrant/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^io\.ipvm\.generated\./) { m = $i; t = $(i-1) }
      if (/COMPILE SKIPPED/) { skipped[m] = $0; next }
      if (t ~ /^[0-4]$/ && (!(m in best) || t > best[m])) best[m] = t
    }
    END {
      n = 0; c2 = 0; bad = 0
      for (m in best) { n++; if (best[m] == 4) c2++; else print "  " w ": " m " reached tier " best[m] " only" }
      printf "%-10s %d generated methods compiled, %d reached C2 (tier 4)\n", w, n, c2
      for (m in skipped) if (best[m] != 4) { print "  rejected: " skipped[m]; bad = 1 }
      exit bad
    }' "$log"; then
    status=1
  fi
  rm -f "$log"
done
exit $status
