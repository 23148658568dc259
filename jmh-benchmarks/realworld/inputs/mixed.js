// RealWorldBench QuickJS workload 2: objects, classes, closures, strings, arrays, Map/Set, JSON,
// regular expressions and BigInt, the way application code uses them. Output is deterministic:
// a fixed PRNG, and numbers printed with String() (shortest round-trip form) or integers only.
'use strict';
// `mixed.js small` runs every part with about a tenth of the work (the correctness tests use it).
const small = scriptArgs[0] === 'small';
const sz = (n) => (small ? Math.floor(n / 10) : n);
let seed = 12345;
function rand(n) { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; }

// classes and objects
class Account {
  constructor(id, owner) { this.id = id; this.owner = owner; this.balance = 0; this.history = []; }
  deposit(x) { this.balance += x; this.history.push({ kind: 'in', amount: x }); }
  withdraw(x) { if (x > this.balance) return false; this.balance -= x; this.history.push({ kind: 'out', amount: x }); return true; }
}
class Savings extends Account {
  constructor(id, owner, rate) { super(id, owner); this.rate = rate; }
  accrue() { this.deposit(Math.floor(this.balance * this.rate / 1000)); }
}
const names = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'ken', 'dennis', 'niklaus', 'john'];
const accounts = [];
for (let i = 0; i < sz(3000); i++) {
  const owner = names[rand(names.length)] + '-' + i.toString(36);
  accounts.push(i % 3 === 0 ? new Savings(i, owner, 1 + rand(40)) : new Account(i, owner));
}
let refused = 0;
for (let step = 0; step < sz(60000); step++) {
  const a = accounts[rand(accounts.length)];
  if (rand(3) === 0) { if (!a.withdraw(rand(500))) refused++; } else a.deposit(rand(1000));
  if (step % 5000 === 0) for (const s of accounts) if (s instanceof Savings) s.accrue();
}
const total = accounts.reduce((s, a) => s + a.balance, 0);
const richest = accounts.slice().sort((a, b) => b.balance - a.balance || a.id - b.id).slice(0, 3).map(a => `${a.owner}:${a.balance}`);
print('accounts', accounts.length, 'total', total, 'refused', refused, 'richest', richest.join(' '));

// strings, Map/Set, regular expressions
const words = [];
for (let i = 0; i < sz(30000); i++) words.push(names[rand(names.length)].slice(0, 2 + rand(5)) + (i % 11 === 0 ? 'ing' : ''));
const text = words.join(' ');
const freq = new Map();
for (const w of text.split(/\s+/)) freq.set(w, (freq.get(w) || 0) + 1);
const top = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
print('distinct', freq.size, 'top', top.map(([w, c]) => w + '=' + c).join(','));
const ing = text.match(/\b\w+ing\b/g).length;
const replaced = text.replace(/([aeiou])([a-z])/g, (m, v, c) => c.toUpperCase() + v);
let h = 0;
for (let i = 0; i < replaced.length; i++) h = (Math.imul(h, 31) + replaced.charCodeAt(i)) | 0;
print('ing', ing, 'replaced length', replaced.length, 'hash', h >>> 0, 'set', new Set(words).size);
const templ = [];
for (let i = 0; i < sz(20000); i++) templ.push(`<li id="${i}" class="${i % 2 ? 'odd' : 'even'}">${names[i % 10].padEnd(8, '.')}${String(i).padStart(6, '0')}</li>`);
const html = templ.join('\n');
print('html', html.length, html.slice(0, 60), html.lastIndexOf('niklaus'));

// JSON round trips
const doc = { version: 3, items: [] };
for (let i = 0; i < sz(8000); i++) doc.items.push({ id: i, name: names[i % 10], tags: [i % 3, i % 5, i % 7], score: (i * 37 % 1000) / 8, nested: { ok: i % 2 === 0, s: 'x' + i } });
let json = JSON.stringify(doc);
for (let k = 0; k < 3; k++) json = JSON.stringify(JSON.parse(json));
const parsed = JSON.parse(json);
const sumScore = parsed.items.reduce((s, it) => s + it.score, 0);
print('json', json.length, 'items', parsed.items.length, 'score sum', sumScore, 'pretty', JSON.stringify(parsed.items[7], null, 1).length);

// closures and higher-order functions on arrays
const nums = Array.from({ length: sz(200000) }, (_, i) => (i * 7919) % 100003);
const pipeline = nums.filter(x => x % 3 !== 0).map(x => x * 2 + 1).reduce((acc, x) => (acc + x) % 1000000007, 0);
const sorted = nums.slice(0, sz(50000)).sort((a, b) => a - b);
const counters = [];
for (let i = 0; i < sz(1000); i++) { let c = i; counters.push(() => (c = (c * 3 + 1) % 1000)); }
let csum = 0;
for (let r = 0; r < 100; r++) for (const f of counters) csum += f();
print('pipeline', pipeline, 'sorted', sorted[0], sorted[sz(25000)], sorted[sz(50000) - 1], 'closures', csum);

// floating point (only + - * / and sqrt) and BigInt
let x = 0, y = 0;
for (let i = 1; i <= sz(300000); i++) { x += 1 / i; y += Math.sqrt(i) / (i + 1); }
print('float', String(x), String(y), String(0.1 + 0.2), String(1e21), String(-0), String(2 ** 53 + 2));
let f = 1n;
for (let i = 1n; i <= 300n; i++) f *= i;
const fs = f.toString();
print('300! has', fs.length, 'digits, starts', fs.slice(0, 20), 'ends', fs.slice(-80, -70), 'mod', String(f % 1000000007n));
