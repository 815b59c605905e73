// componentize.mjs SOURCE.js WORLD.wit WORLD OUT.wasm: componentize-js (the version jco 1.35.0
// pairs with) over WIT given as source text (a path would be read through the splicer's WASI
// host, which has no preopened directory: "No such file or directory").
import { componentize } from '@bytecodealliance/componentize-js';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
const [source, wit, worldName, out] = process.argv.slice(2);
const started = Date.now();
const { component } = await componentize({
  sourcePath: resolve(source),
  witWorld: await readFile(wit, 'utf8'),
  worldName,
  disableFeatures: ['http', 'fetch-event'],  // no wasi:http imports: Sable has no wasi:http host
});
await writeFile(out, component);
console.log(`componentized ${out} in ${Date.now() - started} ms, ${component.length} bytes`);
