#!/usr/bin/env bash
# Builds the JMH uber-jar and runs KernelBench (all engines × all workloads by default).
#
#   jmh-benchmarks/run.sh                                   # the full suite (JMH defaults of KernelBench)
#   jmh-benchmarks/run.sh -wi 2 -i 3 -p workload=fib        # any JMH options are passed through
#
# Results: jmh-benchmarks/target/kernel.json (JMH's JSON format), and the usual table on stdout.
# The jar finds a JDK 25 itself (see README.md); Maven finds one through the root pom's toolchains.
set -euo pipefail

here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
result=$here/target/kernel.json

cd "$root"
mvn -q -B -pl jmh-benchmarks -am package -DskipTests -Dspotless.check.skip=true

java=${IPVM_JAVA:-java}
[[ -d $java ]] && java=$java/bin/java
"$java" -jar "$here/target/benchmarks.jar" KernelBench -rf json -rff "$result" "$@"

echo "results: $result"
