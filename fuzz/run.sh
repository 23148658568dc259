#!/usr/bin/env bash
# Long fuzzing runs of ipvm-jvm against Node/V8 (see fuzz/README.md):
#
#   fuzz/run.sh --modules 5000                    # seeds 0..4999, plain + metered + corruption
#   fuzz/run.sh --seed random --modules 20000     # a fresh seed range (printed first)
#   fuzz/run.sh --seed 1234 --modules 1           # reproduce one module (failures say the command)
#
# Builds the fuzz module and what it depends on (tests skipped) when needed, then runs
# io.ipvm.fuzz.FuzzMain on JDK 25 with every argument passed through. Needs wasm-opt (binaryen)
# and node on PATH. Exit status: 0 nothing failed, 1 failures (saved under --out, default
# fuzz/target/fuzz-run/failures), 2 bad usage or a tool missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

java=
for candidate in "${IPVM_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java; do
  [[ -n $candidate && -x $candidate ]] || continue
  version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  if [[ -n $version && $version -ge 25 ]]; then
    java=$candidate
    break
  fi
done
[[ -n $java ]] || { echo "run.sh: no JDK 25 or newer found (set IPVM_JAVA)" >&2; exit 2; }
for tool in wasm-opt node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool is not on PATH (apt-get install binaryen nodejs)" >&2; exit 2; }
done

cp=fuzz/target/classpath.txt
if [[ ! -f $cp || -n $(find fuzz/src/main compiler/src/main runtime/src/main ipld/src/main -newer "$cp" -print -quit) ]]; then
  echo "run.sh: building fuzz, compiler and runtime" >&2
  mvn -q -B -DskipTests -Dspotless.check.skip=true -pl fuzz -am \
    package dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2
  touch "$cp" # the plugin leaves an unchanged file alone: this is the build stamp
fi
main=io.ipvm.fuzz.FuzzMain
if [[ ${1:-} == --java-command ]]; then # for reduce.sh: the java command line, built, one per line
  printf '%s\n' "$java" -ea -Xss16m -cp "fuzz/target/classes:$(cat "$cp")"
  exit 0
fi
if [[ ${1:-} == --check ]]; then # one module's failure signature, for reduce.sh
  main=io.ipvm.fuzz.Check
  shift
fi
exec "$java" -ea -Xss16m -cp "fuzz/target/classes:$(cat "$cp")" "$main" "$@"
