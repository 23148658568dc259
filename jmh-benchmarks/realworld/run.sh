#!/usr/bin/env bash
# Runs one RealWorldBench run (runs.txt) on one engine, as a whole process:
#   run.sh ENGINE RUN [--bench WARMUP_MS ROUNDS | --iterations N]
#     ENGINE: native | node | ipvm     (ipvm: the ./ipvm launcher of this checkout, IPVM_HOME as set)
#     --bench/--iterations go to the driver (driver.h) before the run's arguments; not for yosys
#   run.sh --expected [PROGRAM...]
#     writes build/expected/RUN.out and RUN.exit for every run of the PROGRAMs (default all) from
#     the native build, checked against the same run in Node (yosys: from Node, which has the only
#     other build of that module), unless they are newer than the binary, the inputs and runs.txt;
#     build.sh calls this.
#   run.sh --list     prints the run names
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -P "$here/../.." && pwd)
build=${RW_BUILD:-$here/build}
inputs=$here/inputs

die() {
  printf 'realworld/run.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

# run_info NAME: sets PROGRAM and ARGS (array) from runs.txt
run_info() {
  local line
  line=$(awk -v n="$1" '$1 == n && $1 !~ /^#/ { print; exit }' "$here/runs.txt")
  [[ -n $line ]] || die "no run $1 in runs.txt"
  read -r -a f <<<"$line"
  PROGRAM=${f[1]}
  ARGS=("${f[@]:2}")
}

wasm_of() { if [[ $1 == yosys ]]; then echo "$build/yosys/yosys.wasm"; else echo "$build/bin/$1.wasm"; fi; }

# command ENGINE RUN [driver options...]: sets CMD (array)
command_for() {
  local engine=$1 run=$2
  shift 2
  run_info "$run"
  local -a extra=("$@")
  if [[ $PROGRAM == yosys && ${#extra[@]} -gt 0 ]]; then die "yosys takes no driver options"; fi
  local wasm
  wasm=$(wasm_of "$PROGRAM")
  local -a dirs=(--dir "$inputs::/in")
  [[ $PROGRAM == yosys ]] && dirs+=(--dir "$build/yosys/share::/share")
  case $engine in
    native)
      [[ $PROGRAM != yosys ]] || die "yosys has no native build here"
      local -a args=()
      for a in "${ARGS[@]}"; do args+=("${a//\/in\//$inputs/}"); done
      CMD=("$build/bin/$PROGRAM-native" "${extra[@]}" "${args[@]}")
      [[ -x ${CMD[0]} ]] || die "${CMD[0]} missing: run jmh-benchmarks/realworld/build.sh"
      ;;
    node)
      CMD=(node --no-warnings "$here/run-wasi-node.mjs" "$wasm" "${dirs[@]}" -- "${extra[@]}" "${ARGS[@]}")
      ;;
    ipvm)
      CMD=("$root/ipvm" run "$wasm" "${dirs[@]}" -- "${extra[@]}" "${ARGS[@]}")
      ;;
    *) die "unknown engine $engine (native, node, ipvm)" ;;
  esac
  [[ $engine == native || -f $wasm ]] || die "$wasm missing: run jmh-benchmarks/realworld/build.sh"
}

runs_of() { awk -v p="$1" '$1 !~ /^#/ && NF >= 2 && $2 == p { print $1 }' "$here/runs.txt"; }

case ${1:-} in
  --list)
    awk '$1 !~ /^#/ && NF >= 2 { print $1 }' "$here/runs.txt"
    ;;
  --expected)
    shift
    programs=("$@")
    ((${#programs[@]})) || programs=(lua qjs zlib sqlite bzip2 yosys)
    mkdir -p "$build/expected"
    for p in "${programs[@]}"; do
      for run in $(runs_of "$p"); do
        engine=native
        [[ $p == yosys ]] && engine=node
        command_for "$engine" "$run"
        bin=$(if [[ $engine == native ]]; then echo "${CMD[0]}"; else wasm_of "$p"; fi)
        out=$build/expected/$run.out
        if [[ -f $out && -f $build/expected/$run.exit && $out -nt $bin && -z $(find "$inputs" "$here/runs.txt" -newer "$out") ]]; then
          echo "$run: expected output up to date"
          continue
        fi
        t0=$(date +%s%N)
        set +e
        "${CMD[@]}" >"$out.tmp" 2>"$build/expected/$run.err" </dev/null
        status=$?
        set -e
        mv "$out.tmp" "$out"
        echo "$status" >"$build/expected/$run.exit"
        ms=$((($(date +%s%N) - t0) / 1000000))
        echo "$run: $engine exit $status, $(wc -c <"$out") bytes of output, $ms ms"
        ((status == 0)) || die "$run failed on $engine (exit $status): $(head -5 "$build/expected/$run.err")"
        if [[ $engine == native ]]; then
          # the same run in Node must print the same: a driver that reads uninitialized memory or
          # depends on the platform would otherwise make a wrong reference
          command_for node "$run"
          set +e
          "${CMD[@]}" >"$out.node" 2>"$build/expected/$run.node.err" </dev/null
          status=$?
          set -e
          if ((status >= 128)) && cmp -s "$out" "$out.node"; then
            # Node 20 crashes with SIGSEGV after the full Lua run has printed everything (inside
            # wasi.start, while Lua frees its state; native and ipvm exit 0): README.md
            echo "$run: WARNING: Node printed the same but died with signal $((status - 128)) at the end"
          elif ((status != 0)) || ! cmp -s "$out" "$out.node"; then
            rm -f "$out" "$build/expected/$run.exit"
            die "$run: Node (exit $status) and native disagree: diff $out.node and the native output (rerun)"
          else
            echo "$run: Node prints the same"
          fi
          rm -f "$out.node" "$build/expected/$run.node.err"
        fi
      done
    done
    ;;
  native | node | ipvm)
    command_for "$@"
    exec "${CMD[@]}"
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
