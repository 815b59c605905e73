// The echo stacks of bench/micro/middleware_call.cc run by jco's host: node DIR [SECONDS]
// imports DIR/direct/direct.js and DIR/middleware/middleware.js (jco transpile of
// tests/component/inputs/echo-direct.wasm and echo-middleware.wasm; bench/middleware_bench.py
// makes them) and times loop-u32 / loop-str (1,000 calls each) and loop-list (10 calls of
// 64 KiB) as sable-microbench does. Prints JSON: {stack: {call: nanoseconds per call}}, the
// median of three runs of about SECONDS (default 0.5) each.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [dir, seconds = '0.5'] = process.argv.slice(2);
const budgetMs = Number(seconds) * 1000;

// What a loop of n calls returns when every call came back whole (as middleware_call.cc checks).
const expected = (call, n) => (call === 'u32' ? (n * (n - 1)) / 2 : n);

// Nanoseconds per call of `loop` (n calls per loop call), median of three timed runs.
function time(call, loop, n) {
  for (let i = 0; i < 10; ++i) {
    const got = loop(n);
    if (got !== expected(call, n)) throw new Error(`${call}: ${got}, expected ${expected(call, n)}`);
  }
  const runs = [];
  for (let r = 0; r < 3; ++r) {
    let loops = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < budgetMs) {
      loop(n);
      ++loops;
      elapsed = performance.now() - start;
    }
    runs.push((elapsed * 1e6) / (loops * n));
  }
  return runs.sort((a, b) => a - b)[1];
}

const results = {};
for (const stack of ['direct', 'middleware']) {
  const m = await import(pathToFileURL(`${dir}/${stack}/${stack}.js`).href);
  results[stack] = {
    u32: time('u32', m.loopU32, 1000),
    str: time('str', m.loopStr, 1000),
    list: time('list', m.loopList, 10),
  };
}
console.log(JSON.stringify(results));
