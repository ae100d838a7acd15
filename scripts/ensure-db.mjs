#!/usr/bin/env node
// Builds the embedded FerretDB server (tools/ferretdb) with Go, once, into .cache/bin/ferretdb.
// FerretDB comes from the Go module proxy (checked against tools/ferretdb/go.sum) and is built with the project's
// own patches (tools/ferretdb/patches, see docs/database.md) applied to a copy in .cache/ferretdb-src.
// Runs at `npm install`; without Go it only explains the fallback and never fails the install.
// `--force` rebuilds and fails loudly, for CI and `npm run db:build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'tools/ferretdb');
const binDir = path.join(root, '.cache/bin');
const binary = path.join(binDir, 'ferretdb');
const stampFile = `${binary}.stamp`;
const patchesDir = path.join(srcDir, 'patches');
const patchedSrc = path.join(root, '.cache/ferretdb-src');
const buildDir = path.join(root, '.cache/ferretdb-build');
const FERRETDB = 'github.com/FerretDB/FerretDB';
const force = process.argv.includes('--force');

function sourceHash() {
  const h = createHash('sha256');
  for (const dir of [srcDir, patchesDir]) {
    for (const f of readdirSync(dir).sort()) {
      const file = path.join(dir, f);
      if (statSync(file).isFile()) h.update(f).update(readFileSync(file));
    }
  }
  return h.digest('hex');
}

/** Every file under dir made writable (the module cache is read-only). */
function makeWritable(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(p);
  }
}

/** Copies FerretDB's module source out of the module cache and applies the project's patches to the copy. */
function preparePatchedSource(env) {
  const version = /require github\.com\/FerretDB\/FerretDB (v\S+)/.exec(readFileSync(path.join(srcDir, 'go.mod'), 'utf8'))?.[1];
  if (!version) fail('tools/ferretdb/go.mod does not require FerretDB.');
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${FERRETDB}@${version}`], { cwd: srcDir, env, encoding: 'utf8' }));
  if (!info.Dir) fail(`go mod download did not give FerretDB ${version}: ${info.Error ?? 'no directory'}`);
  rmSync(patchedSrc, { recursive: true, force: true });
  cpSync(info.Dir, patchedSrc, { recursive: true });
  makeWritable(patchedSrc);
  for (const patch of readdirSync(patchesDir).filter((f) => f.endsWith('.patch')).sort()) {
    console.log(`[db] applying ${patch}`);
    // The copy lives inside this repository: stop git from finding it, or `git apply` would skip every path.
    const gitEnv = { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(patchedSrc) };
    const run = spawnSync('git', ['apply', '--verbose', '--whitespace=nowarn', path.join(patchesDir, patch)], { cwd: patchedSrc, env: gitEnv, encoding: 'utf8' });
    const touched = [...readFileSync(path.join(patchesDir, patch), 'utf8').matchAll(/^\+\+\+ b\/(\S+)/gm)].map((m) => m[1]);
    const skipped = touched.filter((f) => !run.stderr.includes(`Applied patch ${f} cleanly`));
    if (run.status !== 0 || touched.length === 0 || skipped.length > 0) fail(`${patch} did not apply: ${run.stderr.trim() || skipped.join(', ')}`);
  }
  // Build with a copy of go.mod that points FerretDB at the patched copy, leaving tools/ferretdb untouched.
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(path.join(buildDir, 'go.mod'), `${readFileSync(path.join(srcDir, 'go.mod'), 'utf8')}\nreplace ${FERRETDB} => ${patchedSrc}\n`);
  writeFileSync(path.join(buildDir, 'go.sum'), readFileSync(path.join(srcDir, 'go.sum')));
  return path.join(buildDir, 'go.mod');
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
const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
try {
  const modfile = preparePatchedSource(env);
  execFileSync('go', ['build', '-trimpath', `-modfile=${modfile}`, '-o', binary, '.'], { cwd: srcDir, stdio: 'inherit', env });
} catch {
  fail('building FerretDB failed (see the Go output above).');
}
writeFileSync(stampFile, hash);
console.log(`[db] FerretDB ready at ${path.relative(root, binary)}`);
