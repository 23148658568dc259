#!/usr/bin/env python3
"""Turns a KernelBench JMH result (JSON) plus reference.json (native, Node) into the RESULTS.md
table, a CSV for chart.sh, and the chart.

  jmh-benchmarks/scripts/results.py KERNEL.json [OUT_DIR]

Writes OUT_DIR/results.csv and OUT_DIR/results.png (default OUT_DIR: jmh-benchmarks) and prints the
markdown table (ms/op and ratio to native per workload and engine, geometric means) on stdout.
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
for r in kernel:
    p = r["params"]
    m = r["primaryMetric"]
    score = m["score"]
    if m["scoreUnit"] == "s/op":
        score *= 1000
    times[(p["workload"], p["engine"])] = (score, m.get("scoreError") or 0.0)
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
            row.append(f"{fmt(t)} ± {fmt(err)} ({ratio:.2f}×)")
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

subprocess.run([os.path.join(here, "chart.sh"), os.path.join(out_dir, "results.csv"),
                os.path.join(out_dir, "results.png")], check=True)
