// wrap_component.mjs MODULES IN.wasm OUT.wasm: wraps a WASI preview 1 command into a WASI 0.2
// command component with the preview 1 command adapter bundled in jco (as
// ../shared/wasi-testsuite-p2 was made). MODULES is the node_modules folder holding
// @bytecodealliance/jco (tests/component/inputs/regenerate.sh installs it).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [modules, input, output] = process.argv.slice(2);
const jcoDir = join(modules, '@bytecodealliance', 'jco');
const { componentNew } = await import(pathToFileURL(join(jcoDir, 'dist', 'api.js')).href);
const adapter = await readFile(join(jcoDir, 'lib', 'wasi_snapshot_preview1.command.wasm'));
await writeFile(output, await componentNew(await readFile(input), [['wasi_snapshot_preview1', adapter]]));
