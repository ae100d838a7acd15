#!/usr/bin/env node
// `npm start`: builds the H5 app when its sources changed, then runs the server on the embedded
// database (or MONGODB_URI) with demo settings, serving the H5 app at its root.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A local .env (see .env.example) is read here; variables already set in the shell win.
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
const h5Index = path.join(root, 'miniapp/dist/h5/index.html');

/** Newest modification time of any file below `dir`. */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['miniapp/src', 'miniapp/config', 'shared/src'].map((d) => path.join(root, d));
const stale = !existsSync(h5Index) || Math.max(...sources.map(newest)) > statSync(h5Index).mtimeMs;
if (stale && process.env.LINLI_SKIP_H5_BUILD !== '1') {
  console.log('[start] building the H5 app (about 20 s)…');
  const built = spawnSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// The command-centre console (/console/): a few seconds, skipped when unchanged.
const consoleBuilt = spawnSync('node', ['scripts/build-console.mjs'], { cwd: root, stdio: 'inherit' });
if (consoleBuilt.status !== 0) process.exit(consoleBuilt.status ?? 1);

const env = {
  NODE_ENV: 'development',
  DEV_LOGIN: 'true',
  SEED_DEMO: 'true',
  ...process.env,
};
// One server process, not a chain of wrappers: signals reach it, and the IPC channel tells it when this parent is gone
// (however it died), so stopping `npm start` in any way stops everything.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
// npm runs this through `sh -c`. On SIGTERM npm signals only that shell and leaves, and when npm is killed outright
// the shell stays and waits: either way whoever started us is gone. Both are watched (the shell as our parent, npm as
// its parent, from /proc on Linux), and the server is stopped as if signalled.
const parent = process.ppid;
const launcher = (() => {
  if (!process.env.npm_lifecycle_event) return null;
  try {
    const stat = readFileSync(`/proc/${parent}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
})();
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
setInterval(() => {
  const orphaned = process.ppid !== parent || (launcher !== null && launcher > 1 && !alive(launcher));
  if (orphaned && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
}, 250).unref();
