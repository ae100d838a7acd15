#!/usr/bin/env node
// `npm run first-admin -- <姓名>`: the first administrator's one-time invitation, with the same settings `npm start` uses.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
const env = { NODE_ENV: 'development', ...process.env };
const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/first-admin.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
process.exit(run.status ?? 1);
