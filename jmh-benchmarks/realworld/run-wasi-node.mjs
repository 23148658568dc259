#!/usr/bin/env node
// Runs a WASI preview 1 command module in Node's WebAssembly engine (V8) with node:wasi, with the
// same command line as `ipvm run`:
//   node run-wasi-node.mjs FILE.wasm [--dir HOST[::GUEST]]... [--env K=V]... [--] [ARGS...]
// argv = FILE.wasm ARGS...; standard input, output and error are the process's own; the exit
// status is the code the program exits with. Node 20 prints an ExperimentalWarning for node:wasi:
// start node with --no-warnings (run-process.sh does) to keep standard error clean.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
const args = [];
let file = null;
let options = true;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (options && a === '--') { options = false; continue; }
  if (options && a === '--dir') {
    const spec = argv[++i];
    const sep = spec.indexOf('::');
    if (sep < 0) preopens[spec] = spec;
    else preopens[spec.slice(sep + 2)] = spec.slice(0, sep);
    continue;
  }
  if (options && a === '--env') {
    const kv = argv[++i];
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
    continue;
  }
  if (file === null) { file = a; continue; }
  args.push(a);
}
if (file === null) {
  console.error('usage: node run-wasi-node.mjs FILE.wasm [--dir HOST[::GUEST]]... [--env K=V]... [--] [ARGS...]');
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
// exit at once: Node 20 sometimes crashes (SIGSEGV) tearing down after a WASI run (lua)
process.exit(code);
