#!/usr/bin/env bash
# Compile speed: each workload parsed, compiled and instantiated in a fresh JVM (first time) and
# warm (median of later repetitions), via io.ipvm.bench.CompileSpeed.
#   jmh-benchmarks/scripts/compile-speed.sh [WORKLOAD|FILE.wasm ...]     (default: all workloads)
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
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fib matmul sha256 nbody mandelbrot json image lz77 hashmap script)
for t in "${targets[@]}"; do
  "$java" -XX:+UseSerialGC -Xshare:auto -cp "$jar" io.ipvm.bench.CompileSpeed "$t"
done
