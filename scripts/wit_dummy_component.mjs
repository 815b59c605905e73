// Makes a "dummy" component from WIT: one that imports every function of a world's imports with
// exactly the types the WIT gives them (wit-component's dummy core module, through jco's
// componentEmbed and componentNew). scripts/gen_func_types.sh prints their types into the
// hosts' tables; the tests instantiate them to prove a host defines every function with the
// WIT's type.
//
//   node wit_dummy_component.mjs OUT.wasm WORLD [--features F,G] PACKAGE_DIR...
//
// Each PACKAGE_DIR holds the .wit files of one package (`package ns:name@version;` at the top);
// the packages are nested into one WIT document and WORLD is `ns:name/world` of one of them.
// --features enables those @unstable features (the functions of the others are left out).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { componentEmbed, componentNew } from '@bytecodealliance/jco';

const [out, world, ...rest] = process.argv.slice(2);
const features = rest[0] === '--features' ? rest[1].split(',') : [];
const dirs = rest[0] === '--features' ? rest.slice(2) : rest;
if (!out || !world || dirs.length === 0) {
  console.error('usage: node wit_dummy_component.mjs OUT.wasm WORLD [--features F,G] PACKAGE_DIR...');
  process.exit(2);
}

// One package's files as a nested package block (`package ns:name@v { ... }`).
async function nestedPackage(dir) {
  let name = null;
  let body = '';
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.wit')).sort()) {
    const text = await readFile(`${dir}/${file}`, 'utf8');
    body += text.replace(/^package\s+([^;]+);/m, (_, n) => { name = n; return ''; }) + '\n';
  }
  if (!name) throw new Error(`${dir}: no package declaration`);
  return `package ${name} {\n${body}}\n`;
}

let source = 'package sable:dummy;\n';
source += `world dummy { include ${world}; }\n`;
for (const dir of dirs) source += await nestedPackage(dir);
const embedded = await componentEmbed({
  dummy: true, features: { tag: 'list', val: features }, witSource: source, world: 'dummy',
});
await writeFile(out, await componentNew(embedded));
