#!/usr/bin/env bash
# Reference figures for the JMH comparison: builds the workloads (../workloads/build.sh), then times
# each one natively (build/NAME-native, clang -O2) and in Node's WebAssembly engine (run-node.mjs),
# checking bench() == expected() on every call, and writes
#   reference.json   {"machine": "...", "generated": "...", "settings": {...},
#                     "native": {"fib": {"ms_per_op": 2.4, ...}, ...}, "node": {...}}
#   reference.csv    workload,engine,ms_per_op   (rows for native and node, the format chart.sh reads)
# next to this script, and prints a table. Takes about 1.5 minutes.
#
# Usage: reference.sh [--no-build] [NAME...]      (default: all workloads)
#   With NAMEs, only those are measured, and their entries replace the old ones in an existing
#   reference.json / reference.csv (the others are kept); without, both files are written anew.
# Environment: BENCH_WARMUP_MS, BENCH_ROUND_MS (default 300), BENCH_ROUNDS (default 9) are passed to
# both runners (native warm-up defaults to 500 ms, Node's to 1500 ms so V8 reaches TurboFan code).
# Needs: what build.sh needs, and node (20 or newer).
# For steadier numbers run it on an otherwise idle machine; ms_per_op is a median over rounds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work="$here/../workloads"

build=1
if [[ ${1:-} == --no-build ]]; then build=0; shift; fi
ALL=(fib matmul sha256 nbody mandelbrot json image lz77 hashmap script)
merge=0
if (($#)); then NAMES=("$@"); merge=1; else NAMES=("${ALL[@]}"); fi

command -v node >/dev/null || { echo "reference.sh: node not found" >&2; exit 1; }
if ((build)); then "$work/build.sh" "${NAMES[@]}"; fi

export BENCH_ROUND_MS=${BENCH_ROUND_MS:-300}
export BENCH_ROUNDS=${BENCH_ROUNDS:-9}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== native" >&2
{
  echo "{"
  sep=""
  for n in "${NAMES[@]}"; do
    line=$("$work/build/$n-native") || { echo "reference.sh: native $n failed" >&2; exit 1; }
    echo "native $n: $line" >&2
    printf '%s"%s": %s\n' "$sep" "$n" "$line"
    sep=","
  done
  echo "}"
} >"$tmp/native.json"

echo "== node $(node --version)" >&2
node "$here/run-node.mjs" --dir "$work" "${NAMES[@]}" >"$tmp/node.json"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
machine="$(uname -sm), ${cpu:-unknown CPU}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); native: $(${CLANG:-clang-19} --version | head -1) -O2; node $(node --version)"

MERGE=$merge MACHINE="$machine" node - "$tmp/native.json" "$tmp/node.json" "$here/reference.json" "$here/reference.csv" <<'JS'
const fs = require('fs');
const [nativeFile, nodeFile, outJson, outCsv] = process.argv.slice(2);
const pick = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) =>
  [k, { ms_per_op: v.ms_per_op, ops_per_round: v.ops_per_round, rounds: v.rounds }]));
let native = pick(JSON.parse(fs.readFileSync(nativeFile, 'utf8')));
let node = pick(JSON.parse(fs.readFileSync(nodeFile, 'utf8')));
if (process.env.MERGE === '1' && fs.existsSync(outJson)) {
  const old = JSON.parse(fs.readFileSync(outJson, 'utf8'));
  native = { ...(old.native || {}), ...native };
  node = { ...(old.node || {}), ...node };
}
const out = {
  machine: process.env.MACHINE,
  generated: new Date().toISOString(),
  settings: {
    warmup_ms: { native: Number(process.env.BENCH_WARMUP_MS || 500), node: Number(process.env.BENCH_WARMUP_MS || 1500) },
    round_ms: Number(process.env.BENCH_ROUND_MS), rounds: Number(process.env.BENCH_ROUNDS),
    statistic: 'median over rounds of (round time / calls in round)',
  },
  native,
  node,
};
fs.writeFileSync(outJson, JSON.stringify(out, null, 2) + '\n');
const rows = ['workload,engine,ms_per_op'];
for (const [engine, res] of [['native', native], ['node', node]])
  for (const [w, v] of Object.entries(res)) rows.push(`${w},${engine},${v.ms_per_op}`);
fs.writeFileSync(outCsv, rows.join('\n') + '\n');
console.log(`machine: ${out.machine}`);
console.log(`${'workload'.padEnd(11)} ${'native ms/op'.padStart(12)} ${'node ms/op'.padStart(11)} ${'node/native'.padStart(11)}`);
for (const w of Object.keys(native)) {
  const a = native[w].ms_per_op, b = node[w] ? node[w].ms_per_op : NaN;
  console.log(`${w.padEnd(11)} ${a.toFixed(3).padStart(12)} ${b.toFixed(3).padStart(11)} ${(b / a).toFixed(2).padStart(11)}`);
}
console.log(`wrote ${outJson} and ${outCsv}`);
JS
