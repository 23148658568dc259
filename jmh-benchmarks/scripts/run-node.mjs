#!/usr/bin/env node
// Runs the benchmark workloads in Node's WebAssembly engine (V8) and prints one JSON object:
//   {"fib": {"ms_per_op": 3.21, "ops_per_round": 62, "rounds": 7, "checksum": "832040"}, ...}
//
// Usage: node run-node.mjs [--checksum] [--dir DIR] [NAME...]
//   --checksum   call bench() once per workload and print {"NAME": "checksum", ...} instead
//   --dir DIR    where NAME.wasm live (default: ../workloads next to this script)
// Each module is instantiated with no imports; bench() must equal expected() on every call,
// otherwise the script exits with status 2.
// Environment: BENCH_WARMUP_MS (default 1500: V8 tiers Wasm up from Liftoff to TurboFan while
// warming up), BENCH_ROUND_MS (default 200), BENCH_ROUNDS (default 7). ms_per_op is the median over
// rounds of round time / calls in the round, as in bench_main_native.c.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALL = ['fib', 'matmul', 'sha256', 'nbody', 'mandelbrot', 'json', 'image', 'lz77', 'hashmap', 'script'];
const args = process.argv.slice(2);
let dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'workloads');
let checksumOnly = false;
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--checksum') checksumOnly = true;
  else if (args[i] === '--dir') dir = args[++i];
  else names.push(args[i]);
}
if (names.length === 0) names.push(...ALL);

const envNum = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const warmupMs = envNum('BENCH_WARMUP_MS', 1500);
const roundMs = envNum('BENCH_ROUND_MS', 200);
const rounds = Math.max(1, Math.min(101, envNum('BENCH_ROUNDS', 7)));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function load(name) {
  const bytes = readFileSync(join(dir, `${name}.wasm`));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const { bench, expected } = instance.exports;
  if (typeof bench !== 'function' || typeof expected !== 'function') {
    throw new Error(`${name}.wasm does not export bench and expected`);
  }
  return { bench, want: expected() };
}

function measure(name, bench, want) {
  let sink = 0n;
  const check = (got) => {
    if (got !== want) {
      console.error(`${name}: checksum mismatch: bench() = ${got}, expected() = ${want}`);
      process.exit(2);
    }
  };
  const t0 = nowMs();
  let calls = 0;
  do {
    const c = bench();
    check(c);
    sink ^= c;
    calls++;
  } while (calls < 3 || nowMs() - t0 < warmupMs);
  // Estimate from the second half of the warm-up only (the first calls run unoptimized code).
  const t1 = nowMs();
  let calls2 = 0;
  do {
    check(bench());
    calls2++;
  } while (calls2 < 2 || nowMs() - t1 < Math.min(300, warmupMs / 4));
  const est = (nowMs() - t1) / calls2;
  const perRound = Math.max(1, Math.floor(roundMs / Math.max(est, 1e-6)));
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const s = nowMs();
    for (let i = 0; i < perRound; i++) {
      const c = bench();
      check(c);
      sink ^= c;
    }
    times.push((nowMs() - s) / perRound);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(rounds / 2);
  const median = rounds % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { ms_per_op: Number(median.toFixed(4)), ops_per_round: perRound, rounds, checksum: String(want), sink: Number(sink & 1n) };
}

const out = {};
for (const name of names) {
  const { bench, want } = await load(name);
  if (checksumOnly) {
    out[name] = String(bench());
  } else {
    out[name] = measure(name, bench, want);
    console.error(`node ${name}: ${out[name].ms_per_op} ms/op`);
  }
}
console.log(JSON.stringify(out, null, checksumOnly ? 0 : 2));
