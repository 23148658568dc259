#!/usr/bin/env bash
# Installs the npm packages ipld's and tools' tests run against, when they are missing:
#   ipld/ipfs-node      the js-ipfs 0.66.1 daemon (npm ci + the dag/get patch; ipfs-node.sh install)
#   ipld/src/test/js    @ipld/dag-cbor and @ipld/dag-json, the JavaScript reference codecs
# Run by `mvn verify` (ipld/pom.xml, exec-maven-plugin, before the tests; skipped with -DskipTests)
# so that the real-daemon tests run instead of being skipped. Already installed: does nothing.
# Without node and npm it fails, saying what to install: the tests would fail anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export NO_UPDATE_NOTIFIER=1

need_daemon=0 need_codecs=0
[[ -d ipfs-node/node_modules/ipfs ]] || need_daemon=1
[[ -d src/test/js/node_modules/@ipld/dag-cbor && -d src/test/js/node_modules/@ipld/dag-json ]] ||
  need_codecs=1
((need_daemon || need_codecs)) || exit 0

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  cat >&2 <<MSG
ipld/npm-install.sh: node and npm are needed by the real-daemon and JavaScript-reference tests
(js-ipfs in ipld/ipfs-node, @ipld codecs in ipld/src/test/js), and are not on PATH.
Install them (Debian: apt-get install nodejs npm), or skip the tests with -DskipTests.
MSG
  exit 1
fi

if ((need_daemon)); then
  echo "ipld/npm-install.sh: installing the js-ipfs test daemon (npm ci in ipld/ipfs-node)…" >&2
  if ! ipfs-node/ipfs-node.sh install </dev/null >npm-install.log 2>&1; then
    cat npm-install.log >&2
    echo "ipld/npm-install.sh: npm ci in ipld/ipfs-node failed (log above); run it yourself:" >&2
    echo "  (cd ipld/ipfs-node && ./ipfs-node.sh install)" >&2
    exit 1
  fi
fi
if ((need_codecs)); then
  echo "ipld/npm-install.sh: installing the JavaScript reference codecs (npm ci in ipld/src/test/js)…" >&2
  if ! (cd src/test/js && npm ci --no-audit --no-fund --loglevel=error </dev/null) >npm-install.log 2>&1; then
    cat npm-install.log >&2
    echo "ipld/npm-install.sh: npm ci in ipld/src/test/js failed (log above); run it yourself:" >&2
    echo "  (cd ipld/src/test/js && npm ci)" >&2
    exit 1
  fi
fi
rm -f npm-install.log
