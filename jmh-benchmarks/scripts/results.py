#!/usr/bin/env python3
"""Turns a KernelBench JMH result (JSON) plus reference.json (native, Node) into the RESULTS.md
table, a CSV for chart.sh, and the chart.

  jmh-benchmarks/scripts/results.py KERNEL.json [OUT_DIR]

Writes OUT_DIR/results.csv and OUT_DIR/results.png (default OUT_DIR: jmh-benchmarks) and prints the
markdown table (ms/op and ratio to native per workload and engine, geometric means) on stdout,
then the trials whose measured iterations are not flat (marked † in the table): a coefficient of
variation over 5 % or a drift over 5 % between the first and second half of the iterations means
the engine was still warming up (or the machine was busy) and the figure is not steady state.
"""
import json
import math
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
kernel = json.load(open(sys.argv[1]))
out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..")
ref = json.load(open(os.path.join(here, "reference.json")))

engines = ["ipvm", "chicory-interpreter", "chicory-compiler", "graalwasm"]
labels = {"ipvm": "ipvm-jvm", "chicory-interpreter": "Chicory interp.",
          "chicory-compiler": "Chicory compiler", "graalwasm": "GraalWasm (JIT)"}
times = {}  # (workload, engine) -> (ms/op, error)
unsteady = {}  # (workload, engine) -> (coefficient of variation, drift) of the measured iterations
for r in kernel:
    p = r["params"]
    m = r["primaryMetric"]
    score = m["score"]
    if m["scoreUnit"] == "s/op":
        score *= 1000
    times[(p["workload"], p["engine"])] = (score, m.get("scoreError") or 0.0)
    its = [x for fork in m.get("rawData", []) for x in fork]
    if len(its) >= 2:
        mean = sum(its) / len(its)
        cv = math.sqrt(sum((x - mean) ** 2 for x in its) / (len(its) - 1)) / mean
        half = len(its) // 2
        drift = (sum(its[-half:]) / half - sum(its[:half]) / half) / mean
        if cv > 0.05 or abs(drift) > 0.05:
            unsteady[(p["workload"], p["engine"])] = (cv, drift)
workloads = [w for w in ["fib", "matmul", "sha256", "nbody", "mandelbrot", "json", "image",
                         "lz77", "hashmap", "script"] if (w, "ipvm") in times]

native = {w: ref["native"][w]["ms_per_op"] for w in workloads}
node = {w: ref["node"][w]["ms_per_op"] for w in workloads}

with open(os.path.join(out_dir, "results.csv"), "w") as f:
    f.write("workload,engine,ms_per_op\n")
    for w in workloads:
        f.write(f"{w},native,{native[w]}\n")
        f.write(f"{w},node,{node[w]}\n")
        for e in engines:
            if (w, e) in times:
                f.write(f"{w},{labels[e]},{times[(w, e)][0]}\n")


def fmt(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}" if x < 1000 else f"{x:,.0f}"


head = "| workload | native | Node 20 | " + " | ".join(labels[e] for e in engines) + " |"
print(head)
print("|" + "---|" * (3 + len(engines)))
geo = {e: [] for e in engines + ["node"]}
for w in workloads:
    row = [w, fmt(native[w]), f"{fmt(node[w])} ({node[w] / native[w]:.2f}×)"]
    geo["node"].append(node[w] / native[w])
    for e in engines:
        if (w, e) in times:
            t, err = times[(w, e)]
            ratio = t / native[w]
            geo[e].append(ratio)
            mark = "†" if (w, e) in unsteady else ""
            row.append(f"{fmt(t)} ± {fmt(err)}{mark} ({ratio:.2f}×)")
        else:
            row.append("—")
    print("| " + " | ".join(row) + " |")


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


print("| **geomean ratio to native** | 1.00× | " + f"{gm(geo['node']):.2f}× | " +
      " | ".join(f"**{gm(geo[e]):.2f}×**" for e in engines) + " |")
print()
print("Speed-up of ipvm-jvm over each peer (geomean of per-workload time ratios):")
for e in engines[1:]:
    pairs = [times[(w, e)][0] / times[(w, "ipvm")][0] for w in workloads if (w, e) in times]
    print(f"- {labels[e]}: {gm(pairs):.2f}× "
          f"(min {min(pairs):.2f}×, max {max(pairs):.2f}×)" if pairs else f"- {labels[e]}: —")

print()
if unsteady:
    print("† not flat (measured iterations: coefficient of variation, drift first → second half):")
    for (w, e), (cv, drift) in sorted(unsteady.items()):
        print(f"- {w} on {labels[e]}: CV {cv * 100:.1f} %, drift {drift * 100:+.1f} %")
else:
    print("Every trial's measured iterations are flat (CV ≤ 5 %, drift ≤ 5 %).")

subprocess.run([os.path.join(here, "chart.sh"), os.path.join(out_dir, "results.csv"),
                os.path.join(out_dir, "results.png")], check=True)
