#!/usr/bin/env bash
# RealWorldBench, steady state outside the JVM: each program's driver loops over its unit of work
# in one process (driver.h, --bench WARMUP_MS ROUNDS) and reports the median time per unit and
# the coefficient of variation of the rounds. The same loop runs natively, in Node and in ipvm
# (`ipvm run`, i.e. ipvm-jvm with its launcher's JVM flags), so the three are comparable; JMH's
# RealWorldBench gives ipvm, Chicory and GraalWasm inside one JVM. yosys has no driver (not ours).
#
#   jmh-benchmarks/realworld/run-steady.sh [-o OUT] [-w WARMUP_MS] [-r ROUNDS] [-e ENGINES] [RUN...]
#     defaults: target/realworld-steady.csv, warm-up 3000 ms natively and in Node and 60000 ms in
#     ipvm (HotSpot compiles the interpreters' dispatch loops late), 7 rounds, engines
#     native,node,ipvm, the benchmark runs of runs.txt without yosys
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -P "$here/../.." && pwd)
out=$root/jmh-benchmarks/target/realworld-steady.csv
warm=
rounds=7
engines=native,node,ipvm
while (($#)); do
  case $1 in
    -o) out=$2; shift 2 ;;
    -w) warm=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -e) engines=$2; shift 2 ;;
    -*) sed -n '2,13p' "$0" >&2; exit 2 ;;
    *) break ;;
  esac
done
runs=("$@")
((${#runs[@]})) || mapfile -t runs < <("$here/run.sh" --list | grep -v -- '-small$' | grep -v '^yosys')
mkdir -p "$(dirname "$out")"
echo "run,engine,ms_per_op,min,max,cv,ops_per_round,warmup_ops" >"$out"
IFS=, read -r -a list <<<"$engines"
for run in "${runs[@]}"; do
  for engine in "${list[@]}"; do
    w=${warm:-$([[ $engine == ipvm ]] && echo 60000 || echo 3000)}
    # Node 20 dies with SIGSEGV at the very end of Lua runs (README.md), after the driver's report:
    # a report is what counts, whatever the exit status
    status=0
    json=$("$here/run.sh" "$engine" "$run" --bench "$w" "$rounds" </dev/null) || status=$?
    if [[ $json != *ms_per_op* ]]; then
      echo "run-steady.sh: $run on $engine failed (exit $status), no report" >&2
      exit 1
    fi
    ((status == 0)) || echo "run-steady.sh: note: $run on $engine exited $status after its report" >&2
    row=$(node -e '
      const j = JSON.parse(process.argv[1]);
      console.log([process.argv[2], process.argv[3], j.ms_per_op, j.min, j.max, j.cv, j.ops_per_round, j.warmup_ops].join(","));
    ' "$json" "$run" "$engine")
    echo "$row" | tee -a "$out"
  done
done
echo "run-steady.sh: wrote $out"
