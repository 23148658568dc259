// The V8 side of ipvm-jvm's differential fuzzer (io.ipvm.fuzz.NodeEngine starts it).
//
//   node --experimental-wasm-type-reflection driver.js LIST [FIRST]
//
// LIST holds one .wasm path per line; modules FIRST.. are run in order, and for each one a single
// JSON line is written to standard output as soon as it is done (synchronously, so the Java side's
// per-module watchdog knows which module a hang is in and can restart this script after it):
//
//   {"i":3,"status":"ran","trace":["log i32:7","func_0 -> i64:-1","func_1 -> trap memory",...]}
//   {"i":4,"status":"rejected","message":"..."}      WebAssembly.Module threw (malformed/invalid)
//   {"i":5,"status":"unlinkable","message":"..."}    a LinkError while instantiating
//
// The trace format is io.ipvm.fuzz.TraceFormat's; both sides must agree on it character for
// character. Type reflection (the flag above) gives the exports' parameter and result types, which
// plain JavaScript cannot see: they are needed to pass typed zero arguments (0n for i64) and to
// print a result by its Wasm type.
'use strict';
const fs = require('fs');

const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.length > 0);
const first = process.argv.length > 3 ? Number(process.argv[3]) : 0;

const f32 = new Float32Array(1);
const f32bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64bits = new BigUint64Array(f64.buffer);

function hex(v, digits) {
  return '0x' + v.toString(16).padStart(digits, '0');
}

// One value in the shared text form: NaNs of any payload print as "nan" (arithmetic NaN bits are
// nondeterministic in the spec, and JavaScript numbers do not carry them anyway), other floats as
// their exact bit pattern, integers in signed decimal, references as null or ref.
function format(type, v) {
  switch (type) {
    case 'i32':
      return 'i32:' + (v | 0);
    case 'i64':
      return 'i64:' + BigInt.asIntN(64, BigInt(v));
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      f32[0] = v;
      return 'f32:' + hex(f32bits[0], 8);
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      f64[0] = v;
      return 'f64:' + hex(f64bits[0], 16);
    default:
      return type + ':' + (v === null ? 'null' : 'ref');
  }
}

// V8's trap messages mapped to the coarse kinds TraceFormat gives ipvm-jvm's TrapKinds; "?" for a
// message not known here (it then matches any trap kind).
function trapKind(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) {
    return null;
  }
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory';
  if (/divide by zero|remainder by zero/.test(m)) return 'div0';
  if (/divide result unrepresentable/.test(m)) return 'overflow';
  // One message for a NaN (spec: invalid conversion) and an out-of-range value (integer overflow).
  if (/float unrepresentable/.test(m)) return 'float-to-int';
  if (/table index is out of bounds|table access|element segment|table/.test(m)) return 'table';
  if (/signature mismatch|null function/.test(m)) return 'indirect';
  return '?';
}

function outcome(e) {
  const kind = trapKind(e);
  if (kind !== null) return 'trap ' + kind;
  return 'error ' + (e && e.constructor ? e.constructor.name : typeof e) + ': ' + e;
}

function zero(type) {
  switch (type) {
    case 'i64':
      return 0n;
    case 'i32':
    case 'f32':
    case 'f64':
      return 0;
    default:
      return null;
  }
}

function same(params, expected) {
  return params.length === expected.length && params.every((p, i) => p === expected[i]);
}

function runOne(bytes) {
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    return { status: 'rejected', message: String(e.message) };
  }
  const trace = [];
  // Only log functions of exactly the right type are offered: JavaScript functions link to any
  // signature, while ipvm-jvm (like the spec's host functions) has typed ones; a mutant that
  // changes a log import's type is then unlinkable in both.
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    const m = /^log-(i32|i64|f32|f64)$/.exec(imp.name);
    if (imp.module !== 'fuzzing-support' || imp.kind !== 'function' || m === null) continue;
    if (!same(imp.type.parameters, [m[1]]) || imp.type.results.length !== 0) continue;
    const type = m[1];
    imports['fuzzing-support'] = imports['fuzzing-support'] || {};
    imports['fuzzing-support'][imp.name] = (v) => {
      trace.push('log ' + format(type, v));
    };
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    // A missing import module is a TypeError in the JS API (the import object has no such
    // property), a missing or mistyped field a LinkError: both are "unlinkable".
    if (e instanceof WebAssembly.LinkError || e instanceof TypeError) {
      return { status: 'unlinkable', message: String(e.message) };
    }
    trace.push('instantiate -> ' + outcome(e));
    return { status: 'ran', trace };
  }
  const exports = WebAssembly.Module.exports(module).filter((x) => x.kind === 'function');
  const reset = exports.some((x) => x.name === 'hangLimitInitializer')
    ? instance.exports.hangLimitInitializer
    : null;
  for (const x of exports) {
    let line = x.name + ' -> ';
    try {
      // Like binaryen's own shell: the hang limit is reset before every export, so each call
      // gets the same budget of loop iterations and recursion.
      if (reset !== null) reset();
      const results = x.type.results;
      const r = instance.exports[x.name](...x.type.parameters.map(zero));
      const values = results.length === 1 ? [r] : results.length === 0 ? [] : Array.from(r);
      line += values.map((v, i) => format(results[i], v)).join(' ');
      if (results.length === 0) line += 'void';
    } catch (e) {
      line += outcome(e);
    }
    trace.push(line);
  }
  return { status: 'ran', trace };
}

for (let i = first; i < files.length; i++) {
  let result;
  try {
    result = runOne(fs.readFileSync(files[i]));
  } catch (e) {
    result = { status: 'ran', trace: ['driver -> ' + outcome(e)] };
  }
  result.i = i;
  fs.writeSync(1, JSON.stringify(result) + '\n');
}
