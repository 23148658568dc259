#!/usr/bin/env bash
# Checks the launcher's AOT caches (README.md, "How the launcher works") on the real launcher and
# JVM: the first `run` after a build starts a background training run that makes the general
# cache; with IPVM_AOT_MODULES=N (opt-in) a module's second `run` records a cache of its own, which
# its later runs map, and the N most recently used module caches are kept. Every run's output is checked.
#
#   tools/src/test/launcher/aot-cache-test.sh        (from any directory; .ci/run calls it)
#
# It removes the AOT caches of tools/target (they are remade by the next run).
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
target=$root/tools/target
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export IPVM_HOME=$home
unset IPVM_AOT_MODULES IPVM_JAVA_OPTS

fail() {
  echo "aot-cache-test: FAIL: $*" >&2
  exit 1
}

# run EXPECTED ARGS...: runs ./ipvm ARGS with IPVM_DEBUG=1, checks its output is EXPECTED, and sets
# CACHE to the AOT cache it mapped ("" for none) and RECORD to the configuration it recorded
run() {
  local expected=$1 out
  shift
  out=$("$root/ipvm" "$@" 2>"$home/err") || fail "ipvm $* exited $?: $(tail -3 "$home/err")"
  [[ $out == "$expected" ]] || fail "ipvm $* printed '$out', expected '$expected'"
  CACHE=$(grep -o 'AOTCache=[^ ]*' "$home/err" | tail -1 | cut -d= -f2 || true)
  RECORD=$(grep -o 'AOTConfiguration=[^ ]*' "$home/err" | tail -1 | cut -d= -f2 || true)
}

# wait_assembled: waits (up to 3 minutes) until no recorded configuration is left to assemble
wait_assembled() {
  local i
  for ((i = 0; i < 180; i++)); do
    compgen -G "$target/*.aotconf.*" >/dev/null || compgen -G "$target/aot/*.aotconf.*" >/dev/null || return 0
    sleep 1
  done
  fail "the AOT caches were not assembled within 3 minutes"
}

export IPVM_DEBUG=1
"$root/ipvm" version >/dev/null 2>&1 || fail "the launcher cannot build or start"
rm -rf "$target"/ipvm-*.aot "$target/aot"

run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ -z $CACHE && -z $RECORD ]] && grep -q 'recording and assembling .*/ipvm-[0-9]*\.aot in the background' "$home/err" ||
  fail "the first run after a build mapped '$CACHE', recorded '$RECORD', and started no training run"
wait_assembled
general=$(compgen -G "$target/ipvm-*.aot") || fail "no general cache was assembled"

run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ $CACHE == "$general" && -z $RECORD ]] || fail "the second run mapped '$CACHE', recorded '$RECORD'"
# module caches are opt-in: fib's first run with them on marks it, its second records its cache
export IPVM_AOT_MODULES=6
run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ $CACHE == "$general" && -z $RECORD ]] || fail "fib's first run with module caches mapped '$CACHE', recorded '$RECORD'"
run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ $RECORD == "$target"/aot/ipvm-*.aotconf.* && -z $CACHE ]] ||
  fail "fib's second run with module caches recorded '$RECORD', mapped '$CACHE'"
wait_assembled
run 6765 run "$root/examples/fib.wasm" --invoke fib 20
fib_cache=$CACHE
[[ $fib_cache == "$target"/aot/ipvm-*.aot && -f $fib_cache ]] || fail "fib's later run mapped '$CACHE', not its own cache"

IPVM_AOT_MODULES=0 run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ $CACHE == "$general" ]] || fail "with IPVM_AOT_MODULES=0 fib mapped '$CACHE', not the general cache"
# another kind of code of the same module (fuel-metered) is another module cache
run 6765 run --fuel 100000000 "$root/examples/fib.wasm" --invoke fib 20
[[ $CACHE == "$general" ]] || fail "a metered run of fib mapped '$CACHE', not the general cache"

# a second module, with one module cache kept: recording it evicts fib's
IPVM_AOT_MODULES=1 run $'3\n2' run "$root/examples/indirect.wasm" --invoke divmod 17 5
IPVM_AOT_MODULES=1 run $'3\n2' run "$root/examples/indirect.wasm" --invoke divmod 17 5
[[ -n $RECORD ]] || fail "the second run of indirect.wasm recorded nothing"
wait_assembled
IPVM_AOT_MODULES=1 run $'3\n2' run "$root/examples/indirect.wasm" --invoke divmod 17 5
[[ $CACHE == "$target"/aot/ipvm-*.aot && $CACHE != "$fib_cache" ]] || fail "indirect.wasm mapped '$CACHE'"
[[ ! -f $fib_cache ]] || fail "fib's cache was kept although IPVM_AOT_MODULES=1"
unset IPVM_AOT_MODULES
run 6765 run "$root/examples/fib.wasm" --invoke fib 20
[[ $CACHE == "$general" ]] || fail "with module caches off (the default) fib mapped '$CACHE'"
echo "aot-cache-test: ok (general cache trained apart, module caches opt-in, IPVM_AOT_MODULES=0 and 1)"
