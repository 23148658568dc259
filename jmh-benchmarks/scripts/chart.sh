#!/usr/bin/env bash
# Draws a PNG bar chart of time relative to native, per workload and engine, from a CSV
#   workload,engine,ms_per_op
#   fib,native,2.43
#   fib,node,3.32
#   fib,ipvm-jvm,2.9
#   ...
# (header line optional; lines starting with # and blank lines are skipped). Every workload needs a
# row for the baseline engine ("native" unless BASELINE=name); each other engine gets one bar per
# workload, its height the ratio ms_per_op / baseline ms_per_op on a log scale (1 = as fast as
# native, lower is better). Missing combinations are left empty. A last group "geomean" shows each
# engine's geometric mean ratio over the workloads it has. Bars appear in the CSV's engine order.
#
# Usage: chart.sh INPUT.csv [OUTPUT.png]           (default output: INPUT with .png)
# Environment: BASELINE (default native), TITLE (chart title), WIDTH/HEIGHT (pixels, default 1400x700)
# Needs gnuplot 5 (Debian: apt-get install -y gnuplot-nox; any gnuplot with the pngcairo terminal).
# Try it: ./chart.sh sample.csv /tmp/sample.png
set -euo pipefail

in=${1:?usage: chart.sh INPUT.csv [OUTPUT.png]}
out=${2:-${in%.csv}.png}
baseline=${BASELINE:-native}
title=${TITLE:-Wasm workloads: time per operation relative to ${baseline} (log scale, lower is better)}
width=${WIDTH:-1400}
height=${HEIGHT:-700}

command -v gnuplot >/dev/null || { echo "chart.sh: gnuplot not found (apt-get install -y gnuplot-nox)" >&2; exit 1; }
[[ -r $in ]] || { echo "chart.sh: cannot read $in" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CSV -> whitespace table: header "k workload E1 E2 ...", one row of ratios per workload (k = its
# 0-based position), then a geomean row. awk prints: engine count, workload count, min and max ratio.
awk -F, -v base="$baseline" -v dat="$tmp/ratios.dat" '
  function trim(s) { gsub(/^[ \t\r"]+|[ \t\r"]+$/, "", s); return s }
  /^[ \t]*(#|$)/ { next }
  {
    w = trim($1); e = trim($2); v = trim($3)
    if (w == "workload" && e == "engine") next
    if (v !~ /^[0-9.eE+-]+$/ || v + 0 <= 0) { printf "chart.sh: skipping line %d: %s\n", NR, $0 > "/dev/stderr"; next }
    if (!(w in wseen)) { wseen[w] = 1; wl[++nw] = w }
    if (e != base && !(e in eseen)) { eseen[e] = 1; el[++ne] = e }
    ms[w, e] = v + 0
  }
  function note(r) { if (!seen_r || r < lo) lo = r; if (!seen_r || r > hi) hi = r; seen_r = 1 }
  END {
    if (ne == 0) { print "chart.sh: no engine other than the baseline in the CSV" > "/dev/stderr"; exit 1 }
    printf "k workload" > dat
    for (j = 1; j <= ne; j++) printf " \"%s\"", el[j] > dat
    printf "\n" > dat
    for (i = 1; i <= nw; i++) {
      w = wl[i]
      if (!((w, base) in ms)) { printf "chart.sh: no %s row for %s, skipped\n", base, w > "/dev/stderr"; continue }
      printf "%d \"%s\"", rows, w > dat
      for (j = 1; j <= ne; j++) {
        e = el[j]
        if ((w, e) in ms) {
          r = ms[w, e] / ms[w, base]; note(r)
          printf " %.6g", r > dat; lsum[e] += log(r); lcnt[e]++
        } else printf " ?" > dat
      }
      printf "\n" > dat
      rows++
    }
    if (rows == 0 || !seen_r) { print "chart.sh: no workload has both a " base " row and another engine" > "/dev/stderr"; exit 1 }
    printf "%d \"geomean\"", rows > dat
    for (j = 1; j <= ne; j++) { e = el[j]; if (lcnt[e]) printf " %.6g", exp(lsum[e] / lcnt[e]) > dat; else printf " ?" > dat }
    printf "\n" > dat
    print ne, rows, lo, hi
  }' "$in" >"$tmp/dims"
read -r ne nw lo hi <"$tmp/dims"

# 1-2-5 y tics, so that a narrow range (everything within 2x of native) still gets labels.
ytics=$(awk 'BEGIN { for (e = -4; e <= 5; e++) for (m = 1; m <= 5; m += (m == 1 ? 1 : 3)) { v = m * 10 ^ e; printf "%s\"%gx\" %g", (n++ ? ", " : ""), v, v } }')

cat >"$tmp/plot.gp" <<GP
set terminal pngcairo size ${width},${height} font "DejaVu Sans,11" noenhanced
set output "${out}"
set datafile missing "?"
set title "${title//\"/\\\"}"
n = ${ne}
nw = ${nw}
lo = ${lo} < 1 ? ${lo} : 1
hi = ${hi} > 1 ? ${hi} : 1
set logscale y 10
set yrange [lo / 1.8 : hi * 3.5]
set xrange [-0.6 : nw + 0.6]
set ytics (${ytics})
set ylabel "ms/op ÷ ${baseline} ms/op  (1x = ${baseline})"
set grid ytics mytics lc rgb "#e4e4e4"
set mytics 10
set xtics nomirror scale 0
set key outside bottom center horizontal samplen 2 width 2
set bmargin 5
set style fill solid 0.85 border rgb "#333333"
set linetype 1 lc rgb "#4e79a7"
set linetype 2 lc rgb "#f28e2b"
set linetype 3 lc rgb "#59a14f"
set linetype 4 lc rgb "#e15759"
set linetype 5 lc rgb "#b07aa1"
set linetype 6 lc rgb "#76b7b2"
set linetype 7 lc rgb "#edc948"
set linetype 8 lc rgb "#9c755f"
set linetype 9 lc rgb "#ff9da7"
set linetype 10 lc rgb "#bab0ac"
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb "#000000" front
set arrow 2 from nw - 0.5, graph 0 to nw - 0.5, graph 1 nohead lc rgb "#999999"
bw = 0.8 / n
x(k, i) = k - 0.4 + bw * (i - 0.5)
fmt(r) = r < 10 ? sprintf("%.2f", r) : sprintf("%.0f", r)
plot "${tmp}/ratios.dat" using 1:(NaN):xtic(2) notitle, \\
     for [i=1:n] "" using (x(\$1, i)):i+2:(x(\$1, i) - bw / 2):(x(\$1, i) + bw / 2):(1):i+2 \\
         with boxxyerror lt i title columnheader(i+2), \\
     for [i=1:n] "" using (x(\$1, i)):(column(i+2) >= 1 ? column(i+2) : NaN):(fmt(column(i+2))) \\
         with labels rotate by 90 left offset 0, 0.3 font ",8" notitle, \\
     for [i=1:n] "" using (x(\$1, i)):(column(i+2) < 1 ? column(i+2) : NaN):(fmt(column(i+2))) \\
         with labels rotate by 90 right offset 0, -0.3 font ",8" notitle
GP
gnuplot "$tmp/plot.gp"
echo "wrote $out"
