// Runs a WASI command (.wasm) under node:wasi, like `sable run`:
//   node [V8 flags] bench/node_wasi.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... app.wasm [ARGS...]
// The program gets its arguments (app.wasm as argv[0]), stdio, the --env variables only and the
// --dir directories; the exit status is the program's proc_exit code.
import { readFile } from 'node:fs/promises';
import { argv, exit } from 'node:process';
import { WASI } from 'node:wasi';

const preopens = {};
const env = {};
let i = 2;
for (; i < argv.length; ++i) {
  if (argv[i] === '--dir' && i + 1 < argv.length) {
    const [host, guest] = argv[++i].split('::');
    preopens[guest ?? host] = host;
  } else if (argv[i] === '--env' && i + 1 < argv.length) {
    const [name, ...value] = argv[++i].split('=');
    env[name] = value.length ? value.join('=') : (process.env[name] ?? '');
  } else {
    break;
  }
}
if (i >= argv.length) {
  console.error('usage: node_wasi.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... app.wasm [ARGS...]');
  exit(2);
}
const path = argv[i];
const args = argv.slice(i);

const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
exit(code ?? 0);
