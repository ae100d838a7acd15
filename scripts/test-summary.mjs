#!/usr/bin/env node
// Prints the closing line CI reads, "N passed, N failed", from jest's --json reports (reports/jest*.json).
// A run that failed before jest started (type-check, lint, build, size) counts as one failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir = 'reports', statusArg = '0'] = process.argv.slice(2);
const status = Number(statusArg);

let passed = 0;
let failed = 0;
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^jest.*\.json$/.test(f)) : [];
for (const f of files) {
  const report = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that cannot even load has no failed tests but did fail.
  failed += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed')).length;
  // Skipped or todo tests are defects here, not passes.
  failed += report.numPendingTests + report.numTodoTests;
}
if (status !== 0 && failed === 0) failed = 1;
if (passed + failed === 0) failed = 1; // no tests ran: that is a failure, not a pass
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
