// Measures V8's WebAssembly.compile inside node (start-up and file reading excluded):
//   node --liftoff-only --no-wasm-lazy-compilation [--single-threaded] bench/node_compile.mjs MODULE.wasm [REPEAT]
// Compiles the module once to warm up, then REPEAT times (default 20), and prints one JSON line:
// (each compile gets a copy with a distinct trailing custom section: V8 caches native modules by
// their wire bytes, so compiling the same bytes again would measure a cache hit)
// {"code_bytes": N, "median_s": S, "min_s": S, "mb_per_s": M, "median_mb_per_s": M2} where M is
// code-section MB (10^6 bytes) per second of the best compile (as `sable compile --repeat`
// reports) and M2 that of the median one.
import { readFileSync } from 'node:fs';
import { argv } from 'node:process';
import { performance } from 'node:perf_hooks';

function codeSectionBytes(bytes) {
  let p = 8;
  const leb = () => {
    let result = 0, shift = 0, b;
    do { b = bytes[p++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    if (id === 10) return size;
    p += size;
  }
  return 0;
}

const bytes = readFileSync(argv[2]);
const repeat = Number(argv[3] ?? 20);
// A custom section named "n" holding an 8-digit counter, appended to a copy of the module.
function variant(r) {
  const tail = Buffer.from([0, 10, 1, 0x6e, ...Buffer.from(String(r).padStart(8, '0'))]);
  return Buffer.concat([bytes, tail]);
}
const copies = Array.from({ length: repeat + 1 }, (_, r) => variant(r));
await WebAssembly.compile(copies[repeat]);
const times = [];
for (let r = 0; r < repeat; ++r) {
  const t0 = performance.now();
  await WebAssembly.compile(copies[r]);
  times.push((performance.now() - t0) / 1000);
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2]
  : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const code = codeSectionBytes(bytes);
console.log(JSON.stringify({ code_bytes: code, median_s: median, min_s: times[0],
                             mb_per_s: code / 1e6 / times[0], median_mb_per_s: code / 1e6 / median }));
