#!/usr/bin/env bash
# Compile speed: each workload parsed, compiled and instantiated in a fresh JVM (first time) and
# warm (median of later repetitions), via io.ipvm.bench.CompileSpeed, in two configurations:
#   plain   a JVM with only the JDK's own class-data sharing archive (-Xshare:auto);
#   aot     a JVM started with a JDK 25 AOT cache (-XX:AOTCache, JEP 483/515: ipvm's classes loaded,
#           linked and profiled ahead of time), as the `ipvm` launcher starts it. The cache is made
#           by a training run that compiles a *different* workload (lz77; hashmap when lz77 itself
#           is measured), so it holds the compiler's classes and profiles, not the measured module.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
train() { # $1: workload to train on -> $tmp/$1.aot
  [[ -f $tmp/$1.aot ]] ||
    "$java" -XX:+UseSerialGC -XX:-DontCompileHugeMethods -XX:AOTCacheOutput="$tmp/$1.aot" -Xlog:disable -cp "$jar" \
      io.ipvm.bench.CompileSpeed "$1" 20 >/dev/null 2>&1
}
for t in "${targets[@]}"; do
  trainer=lz77
  [[ $t == lz77 ]] && trainer=hashmap
  train "$trainer"
  printf 'plain  '
  "$java" -XX:+UseSerialGC -XX:-DontCompileHugeMethods -Xshare:auto -cp "$jar" io.ipvm.bench.CompileSpeed "$t"
  printf 'aot    '
  "$java" -XX:+UseSerialGC -XX:-DontCompileHugeMethods -XX:AOTCache="$tmp/$trainer.aot" -Xlog:aot=off -Xlog:cds=off -cp "$jar" \
    io.ipvm.bench.CompileSpeed "$t"
done
