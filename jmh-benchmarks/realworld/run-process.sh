#!/usr/bin/env bash
# RealWorldBench, whole process: wall time and peak RSS of each run (runs.txt) as a fresh process,
#   native         build/bin/PROGRAM-native (none for yosys)
#   node           Node (node:wasi, run-wasi-node.mjs)
#   ipvm-cold      ./ipvm run with an empty class cache (a fresh IPVM_HOME for every run)
#   ipvm-warm      ./ipvm run with the class cache filled by an untimed run before
#   ipvm-aot       (not by default) as ipvm-warm, with the module's own AOT cache (IPVM_AOT_MODULES,
#                  README.md), made by two untimed runs before
# Median wall time of N runs (default 3) and the largest peak RSS (GNU time's %M), checking every
# run's output against build/expected/RUN.out. Writes CSV to OUT.csv, a markdown table to OUT.md
# and the chart's input to OUT-chart.csv (default target/realworld-process* under jmh-benchmarks).
#
#   jmh-benchmarks/realworld/run-process.sh [-n N] [-o OUT] [-e ENGINES] [RUN...]
#     default runs: the benchmark runs of runs.txt (not the -small ones); ENGINES comma-separated
# Needs /usr/bin/time (Debian: time) and build.sh's outputs. Measure on a quiet machine: the
# figures are wall-clock times.
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -P "$here/../.." && pwd)
build=${RW_BUILD:-$here/build}
n=3
out=$root/jmh-benchmarks/target/realworld-process
engines=native,node,ipvm-cold,ipvm-warm
while (($#)); do
  case $1 in
    -n) n=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    -e) engines=$2; shift 2 ;;
    -*) sed -n '2,16p' "$0" >&2; exit 2 ;;
    *) break ;;
  esac
done
runs=("$@")
((${#runs[@]})) || mapfile -t runs < <("$here/run.sh" --list | grep -v -- '-small$')
[[ -x /usr/bin/time ]] || { echo "run-process.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export IPVM_HOME=$tmp/warm-home
# build the launcher and its general AOT cache (recorded by the first run after a build, here on
# a small module that none of the runs uses) before timing anything
IPVM_HOME=$tmp/prep-home "$root/ipvm" run "$root/examples/fib.wasm" --invoke fib 20 >/dev/null
for ((w = 0; w < 300; w++)); do
  compgen -G "$root/tools/target/*.aotconf.*" >/dev/null || break
  sleep 1
done

echo "run,engine,wall_ms_median,peak_rss_mb,wall_ms_all" >"$out.csv"
for run in "${runs[@]}"; do
  program=$(awk -v r="$run" '$1 == r { print $2 }' "$here/runs.txt")
  expected=$build/expected/$run.out
  [[ -f $expected ]] || { echo "run-process.sh: $expected missing: run build.sh" >&2; exit 1; }
  IFS=, read -r -a list <<<"$engines"
  for engine in "${list[@]}"; do
    [[ $engine == native && $program == yosys ]] && continue
    base=${engine%%-*}
    if [[ $engine == ipvm-warm || $engine == ipvm-aot ]]; then
      # the first run fills the class cache; with module caches the second records the module's
      # AOT cache, which a background JVM then assembles (waited for: it would take a core)
      modules=0 preps=1
      [[ $engine == ipvm-aot ]] && modules=6 preps=2
      for ((p = 0; p < preps; p++)); do
        IPVM_HOME=$tmp/warm-home IPVM_AOT_MODULES=$modules "$here/run.sh" ipvm "$run" >/dev/null 2>&1 </dev/null || true
      done
      for ((w = 0; w < 300; w++)); do
        compgen -G "$root/tools/target/aot/*.aotconf.*" >/dev/null || break
        sleep 1
      done
    fi
    walls=() rss=0
    for ((i = 0; i < n; i++)); do
      export IPVM_HOME=$tmp/warm-home IPVM_AOT_MODULES=0
      [[ $engine == ipvm-cold ]] && IPVM_HOME=$tmp/cold-$i-$run
      [[ $engine == ipvm-aot ]] && IPVM_AOT_MODULES=6
      s=$(date +%s%N)
      status=0
      /usr/bin/time -f '%M' -o "$tmp/rss" "$here/run.sh" "$base" "$run" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
      if ((status != 0)); then
        # Node 20 dies with SIGSEGV at the very end of the full Lua run (README.md): the time is
        # still that of the whole run; anything else is a failure
        if [[ $engine == node ]] && grep -q 'Command terminated by signal' "$tmp/rss" && cmp -s "$tmp/out" "$expected"; then
          echo "run-process.sh: note: $run on node: output complete, then $(grep -o 'signal [0-9]*' "$tmp/rss")" >&2
        else
          echo "run-process.sh: $run on $engine failed (exit $status): $(tail -3 "$tmp/err")" >&2
          exit 1
        fi
      fi
      e=$(date +%s%N)
      cmp -s "$tmp/out" "$expected" || { echo "run-process.sh: $run on $engine: output differs from $expected" >&2; exit 1; }
      walls+=($(((e - s) / 1000000)))
      kb=$(grep -E '^[0-9]+$' "$tmp/rss" | tail -1)
      ((kb > rss)) && rss=$kb
      rm -rf "$tmp"/cold-*
    done
    median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((n + 1) / 2))p")
    echo "$run,$engine,$median,$((rss / 1024)),${walls[*]}" | tee -a "$out.csv"
  done
done

# markdown: one row per run, wall time (ms) and peak RSS (MB) per engine, ratio to node
awk -F, -v engines="$engines" '
  NR == 1 { next }
  { wall[$1 "," $2] = $3; rss[$1 "," $2] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++nruns] = $1 } }
  END {
    ne = split(engines, e, ",")
    printf "| run |"; for (i = 1; i <= ne; i++) printf " %s ms (MB) |", e[i]; printf " ipvm-cold / node | ipvm-warm / node |\n"
    printf "| --- |"; for (i = 1; i <= ne + 2; i++) printf " ---: |"; printf "\n"
    for (r = 1; r <= nruns; r++) {
      run = order[r]; printf "| %s |", run
      for (i = 1; i <= ne; i++) { k = run "," e[i]; if (k in wall) printf " %d (%d) |", wall[k], rss[k]; else printf " — |" }
      n = wall[run ",node"]
      for (i = 1; i <= 2; i++) { k = run "," (i == 1 ? "ipvm-cold" : "ipvm-warm"); if ((k in wall) && n > 0) printf " %.1f× |", wall[k] / n; else printf " — |" }
      printf "\n"
    }
  }' "$out.csv" >"$out.md"
# the chart's input (scripts/chart.sh: workload,engine,ms_per_op), relative to Node
{
  echo "workload,engine,ms_per_op"
  awk -F, 'NR > 1 { print $1 "," $2 "," $3 }' "$out.csv"
} >"$out-chart.csv"
echo
cat "$out.md"
echo "run-process.sh: wrote $out.csv, $out.md and $out-chart.csv"
echo "chart: BASELINE=node jmh-benchmarks/scripts/chart.sh $out-chart.csv $out.png"
