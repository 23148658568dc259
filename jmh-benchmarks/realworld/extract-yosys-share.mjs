#!/usr/bin/env node
// Writes the share/ tree of the npm package @yowasp/yosys to a directory, for running its
// yosys.core.wasm as a plain WASI command (the guest expects it at /share). The package keeps
// the tree in gen/resources-yosys.js: small files as strings, large ones as URLs of files under
// gen/share/.
//   node extract-yosys-share.mjs PACKAGE_DIR OUT_DIR
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error('usage: node extract-yosys-share.mjs PACKAGE_DIR OUT_DIR');
  process.exit(2);
}
const { filesystem } = await import(pathToFileURL(resolve(pkg, 'gen', 'resources-yosys.js')).href);
if (!filesystem || typeof filesystem.share !== 'object') {
  console.error(`${pkg}/gen/resources-yosys.js has no filesystem.share`);
  process.exit(1);
}
let files = 0;
function write(tree, dir) {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(tree)) {
    const path = join(dir, name);
    if (typeof value === 'string' || value instanceof Uint8Array) {
      writeFileSync(path, value);
      files++;
    } else if (value instanceof URL) {
      copyFileSync(fileURLToPath(value), path);
      files++;
    } else if (value && typeof value === 'object') {
      write(value, path);
    } else {
      throw new Error(`unexpected entry ${path}`);
    }
  }
}
write(filesystem.share, out);
console.log(`${files} files written to ${out}`);
