// node mkcomp.mjs CORE.wasm WIT-FILE WORLD OUT.wasm
// Makes a component of a core module built by clang-14: embeds the world (read here and passed
// to jco as text: `jco embed --wit FILE` cannot open files, its wasm-tools has no preopened
// directory) and wraps the module with jco's bundled WASI preview 1 reactor adapter, which
// turns wasi-libc's preview 1 calls (the logger's fprintf) into WASI 0.2 imports.
// jco is imported from the node_modules next to this file (build.sh links it there).
import { readFile, writeFile } from 'node:fs/promises';
import { componentEmbed, componentNew } from '@bytecodealliance/jco';

const [core, witFile, world, out] = process.argv.slice(2);
const witSource = (await readFile(witFile)).toString();
const embedded = await componentEmbed({ binary: await readFile(core), witSource, world });
const adapterUrl = new URL(
  './node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm', import.meta.url);
const adapters = [['wasi_snapshot_preview1', await readFile(adapterUrl)]];
await writeFile(out, await componentNew(embedded, adapters));
