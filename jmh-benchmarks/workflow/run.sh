#!/usr/bin/env bash
# The workflow benchmark (issue 13): one function run by N tasks (default 1,000) with the same
# width, radius and passes over different seeds — a partial application — as one `ipvm workflow
# run`, whole process, first run (a fresh IPVM_HOME each time: no memo, no class cache), in two
# modes:
#   plain     ipvm workflow run --no-specialize   (the general code)
#   adaptive  ipvm workflow run                   (the node asks for the variant up front)
# Trials alternate the modes. Each run's per-task results must be the same in both modes (the
# receipts' CIDs are compared). Prints wall seconds, user+sys CPU seconds and max RSS per run, then
# the medians.
#
# Usage: run.sh [--tasks N] [--trials K] [--width W] [--radius R] [--passes P] [--concurrency C]
# Needs: the ipvm launcher (builds on first use); GNU time (/usr/bin/time) for CPU and RSS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tasks=1000 trials=3 width=4096 radius=3 passes=200 concurrency=
while (($#)); do
  case $1 in
    --tasks) tasks=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --width) width=$2; shift 2 ;;
    --radius) radius=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "run.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
wasm=$here/blur_task.wasm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/ipvm" run "$wasm" --invoke blur 1 "$width" "$radius" 1 >/dev/null # builds the launcher

# The workflow: the module's CID is the same in every home (content addressing).
cid=$(IPVM_HOME=$work/cid "$root/ipvm" add "$wasm")
{
  printf '{"tasks": ['
  for ((i = 0; i < tasks; i++)); do
    ((i)) && printf ','
    printf '{"run": {"op": "wasm/run", "rsc": "ipfs://%s", "input": {"func": "blur", "args": [%d, %d, %d, %d]}, "nnc": ""}, "meta": {}, "prf": [], "cause": null}' \
      "$cid" "$i" "$width" "$radius" "$passes"
  done
  printf ']}\n'
} >"$work/workflow.json"

conc=()
[[ -n $concurrency ]] && conc=(--concurrency "$concurrency")
echo "workflow: $tasks tasks of blur(seed, $width, $radius, $passes), module $cid"
printf '%-9s %5s %9s %9s %9s %s\n' mode trial wall_s cpu_s rss_mb variant
declare -A walls cpus
for ((t = 1; t <= trials; t++)); do
  order=(plain adaptive)
  ((t % 2 == 0)) && order=(adaptive plain)
  for mode in "${order[@]}"; do
    home=$work/home-$mode-$t
    IPVM_HOME=$home "$root/ipvm" add "$wasm" >/dev/null
    flags=()
    [[ $mode == plain ]] && flags=(--no-specialize)
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      env IPVM_HOME="$home" "$root/ipvm" workflow run --json "${conc[@]}" "${flags[@]}" \
      "$work/workflow.json" >"$work/out-$mode-$t.json"
    read -r wall user sys rss <"$work/time"
    python3 - "$work/out-$mode-$t.json" "$work/receipts-$mode-$t" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
rows = sorted((t["instruction_cid"], t["receipt_cid"]) for t in out["tasks"])
assert all(t["ok"] for t in out["tasks"]), "a task failed"
open(sys.argv[2], "w").write("\n".join(f"{i} {r}" for i, r in rows))
variants = {t.get("variant") for t in out["tasks"]}
open(sys.argv[2] + ".variant", "w").write(",".join(sorted(str(v) for v in variants)))
PY
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    printf '%-9s %5d %9s %9s %9d %s\n' "$mode" "$t" "$wall" "$cpu" $((rss / 1024)) "$(cat "$work/receipts-$mode-$t.variant")"
    walls[$mode]+="$wall "
    cpus[$mode]+="$cpu "
  done
  cmp -s "$work/receipts-plain-$t" "$work/receipts-adaptive-$t" ||
    { echo "run.sh: trial $t: the two modes' receipts differ" >&2; exit 1; }
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for mode in plain adaptive; do
  printf 'median %-9s wall %s s, cpu %s s\n' "$mode" "$(median <<<"${walls[$mode]}")" "$(median <<<"${cpus[$mode]}")"
done
echo "receipts: identical in both modes"
