#!/usr/bin/env python3
"""Flatness of JMH's measured iterations: for each trial of a JMH JSON result (-rf json), the
median, min, max and coefficient of variation of the measured iterations, and the ratio of the
last third's mean to the first third's (a trial still warming up, or degrading, shows a ratio
far from 1). Flags trials with CV above 10 % or a drift above 10 %.

    python3 jmh-benchmarks/realworld/jmh-cv.py realworld.json
"""
import json
import statistics
import sys

if len(sys.argv) != 2:
    sys.exit(__doc__)
rows = json.load(open(sys.argv[1]))
print(f"{'benchmark':<28} {'params':<34} {'median':>10} {'min':>10} {'max':>10} {'cv':>6} {'drift':>6}")
for row in rows:
    raw = [x for fork in row["primaryMetric"]["rawData"] for x in fork]
    params = ",".join(f"{k}={v}" for k, v in row.get("params", {}).items())
    name = row["benchmark"].rsplit(".", 2)[-2] + "." + row["benchmark"].rsplit(".", 1)[-1]
    med = statistics.median(raw)
    cv = statistics.pstdev(raw) / statistics.mean(raw) if len(raw) > 1 else 0.0
    third = max(1, len(raw) // 3)
    drift = statistics.mean(raw[-third:]) / statistics.mean(raw[:third])
    flag = "  <- not flat" if cv > 0.10 or abs(drift - 1) > 0.10 else ""
    unit = row["primaryMetric"]["scoreUnit"]
    print(f"{name:<28} {params:<34} {med:>10.1f} {min(raw):>10.1f} {max(raw):>10.1f} {cv:>6.1%} {drift:>6.2f} {unit}{flag}")
