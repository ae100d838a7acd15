#!/usr/bin/env node
// Runs `npm test` several times in a row while every core is kept busy by another process, as on a shared CI machine,
// and prints how each run went and how long it took. Usage: npm run test:loaded [-- --runs=3]
// The hogs are plain busy loops in Node (one per core), so nothing needs installing; they are killed at the end, on
// Ctrl+C, and if this script dies.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const cores = availableParallelism();
const log = 'reports/test-under-load.txt';
mkdirSync('reports', { recursive: true });

const say = (line) => {
  console.log(line);
  appendFileSync(log, `${line}\n`);
};

const hogs = Array.from({ length: cores }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopHogs = () => hogs.forEach((h) => h.kill('SIGKILL'));
process.on('exit', stopHogs);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

/** The "N passed, N failed" line from jest's reports of the run that just ended. */
function summary(code) {
  const files = ['reports/jest.json', 'reports/jest-e2e.json'].filter(existsSync);
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    const r = JSON.parse(readFileSync(f, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numPendingTests + r.numTodoTests;
  }
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

say(`${new Date().toISOString()} npm test ×${runs} with ${cores} busy-loop processes (one per core)`);
let green = 0;
for (let i = 1; i <= runs; i += 1) {
  // A run that fails before jest starts must not be read from the previous run's reports.
  for (const f of ['reports/jest.json', 'reports/jest-e2e.json']) rmSync(f, { force: true });
  const started = Date.now();
  const code = await new Promise((resolve) => spawn('npm', ['test'], { stdio: ['ignore', 'inherit', 'inherit'] }).on('exit', (c) => resolve(c ?? 1)));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const { passed, failed } = summary(code);
  if (code === 0 && failed === 0) green += 1;
  say(`run ${i}: exit ${code}, ${passed} passed, ${failed} failed, ${minutes} min`);
}
say(`${green} of ${runs} runs green under load`);
process.exit(green === runs ? 0 : 1);
