// RealWorldBench QuickJS workload 1: recursive calls (fib(30) by default: 1.6 million calls).
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
const n = scriptArgs.length > 0 ? Number(scriptArgs[0]) : 30;
print(`fib(${n}) =`, fib(n));
