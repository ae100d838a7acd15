#!/usr/bin/env node
// Builds the embedded FerretDB server (tools/ferretdb) with Go, once, into .cache/bin/ferretdb.
// Runs at `npm install`; without Go it only explains the fallback and never fails the install.
// `--force` rebuilds and fails loudly, for CI and `npm run db:build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'tools/ferretdb');
const binDir = path.join(root, '.cache/bin');
const binary = path.join(binDir, 'ferretdb');
const stampFile = `${binary}.stamp`;
const force = process.argv.includes('--force');

function sourceHash() {
  const h = createHash('sha256');
  for (const f of readdirSync(srcDir).sort()) h.update(f).update(readFileSync(path.join(srcDir, f)));
  return h.digest('hex');
}

function fail(message) {
  if (force) {
    console.error(`[db] ${message}`);
    process.exit(1);
  }
  console.warn(`[db] ${message}`);
  console.warn('[db] The embedded database will fall back to mongodb-memory-server (needs internet on first run),');
  console.warn('[db] or set MONGODB_URI to a MongoDB server.');
  process.exit(0);
}

if (process.env.LINLI_SKIP_DB_BUILD === '1') process.exit(0);

const hash = sourceHash();
if (!force && existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
  process.exit(0);
}

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.status !== 0) fail('Go is not installed, so FerretDB (the embedded MongoDB-compatible server) was not built.');

console.log(`[db] building FerretDB with ${go.stdout.trim()} (first time takes about a minute)…`);
mkdirSync(binDir, { recursive: true });
try {
  execFileSync('go', ['build', '-trimpath', '-o', binary, '.'], {
    cwd: srcDir,
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
  });
} catch {
  fail('building FerretDB failed (see the Go output above).');
}
writeFileSync(stampFile, hash);
console.log(`[db] FerretDB ready at ${path.relative(root, binary)}`);
