// Bundles the command-centre console (server/console) with esbuild into server/console/dist, skipping when unchanged.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'server/console');
const out = path.join(src, 'dist');
const force = process.argv.includes('--force');

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? (f === 'dist' ? [] : files(p)) : [p];
  });
}
const hash = createHash('sha256');
for (const f of [...files(src), ...files(path.join(root, 'shared/src'))].sort()) hash.update(f).update(readFileSync(f));
const stamp = hash.digest('hex');
const stampFile = path.join(out, '.stamp');
if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('console: up to date');
  process.exit(0);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: path.join(src, 'src/main.ts') },
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  outdir: out,
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  alias: { '@linli/shared': path.join(root, 'shared/src/index.ts') },
  logLevel: 'warning',
});
copyFileSync(path.join(src, 'index.html'), path.join(out, 'index.html'));
writeFileSync(stampFile, stamp);
const size = (f) => (statSync(path.join(out, f)).size / 1024).toFixed(0);
console.log(`console: built app.js ${size('app.js')} KB, app.css ${size('app.css')} KB`);
