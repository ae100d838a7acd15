#!/usr/bin/env node
// Prints the weapp build's package sizes and fails when the budget is exceeded:
// main package ≤ 1.0 MB and the whole build ≤ 2.5 MB (WeChat's own limits are 2 MB and 20 MB).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'miniapp/dist/weapp');
const MB = 1024 * 1024;
const budget = { main: 1.0 * MB, total: 2.5 * MB };

function sizeOf(dir) {
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    bytes += e.isDirectory() ? sizeOf(p) : statSync(p).size;
  }
  return bytes;
}

const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
const total = sizeOf(dist);
const subs = subRoots.map((r) => ({ root: r, bytes: sizeOf(path.join(dist, r)) }));
const main = total - subs.reduce((n, s) => n + s.bytes, 0);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

console.log(`weapp main package: ${kb(main)} (budget ${kb(budget.main)})`);
for (const s of subs) console.log(`weapp subpackage ${s.root}: ${kb(s.bytes)}`);
console.log(`weapp total: ${kb(total)} (budget ${kb(budget.total)})`);
const over = [main > budget.main && 'main package', total > budget.total && 'total'].filter(Boolean);
if (over.length) {
  console.error(`size budget exceeded: ${over.join(', ')}`);
  process.exit(1);
}
