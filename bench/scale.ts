// `npm run bench:scale`: the cost of each request a street depends on, with 1,000, 10,000 and 100,000 reports of history
// stored (five weeks to ten years of one street), measured in one run on the embedded database (or MONGODB_URI).
// `-- --quick` runs small sizes for a fast check; `-- --sizes=2000,20000` picks the sizes. Prints a Markdown table
// for docs/benchmarks.md and one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../server/src/lib/embedded-db';
import { measureScale, type ScaleOptions, type ScaleResult, type Stat } from '../tests/support/scale/measure';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}`));
const quick = !!arg('quick');
const sizes = arg('sizes=')
  ? arg('sizes=')!.slice('--sizes='.length).split(',').map(Number)
  : quick
    ? [300, 3_000]
    : [1_000, 10_000, 100_000];
const options: ScaleOptions = quick ? { samples: 10, consoleRuns: 3, deliveries: 200 } : { samples: 30, consoleRuns: 5, deliveries: 1_000 };

const ms = (s: Stat) => `${s.p50} (${s.trips})`;

export function scaleTable(results: ScaleResult[]): string[] {
  const first = results[0]!;
  const last = results.at(-1)!;
  const growth = (k: keyof Pick<ScaleResult, 'submit' | 'accept' | 'resolve' | 'workerList' | 'myReports' | 'changes' | 'console'>) => `×${(last[k].p50 / Math.max(0.1, first[k].p50)).toFixed(2)}`;
  return [
    '| stored reports | seed s | submit | 签收 | 办结 | worker list (3 tabs) | 我的报事 | long-poll check | console (5 calls, cold) | push: sends/s, p50/p95 s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.reports.toLocaleString('en')} | ${r.seedSeconds} | ${ms(r.submit)} | ${ms(r.accept)} | ${ms(r.resolve)} | ${ms(r.workerList)} | ${ms(r.myReports)} | ${ms(r.changes)} | ${ms(r.console)} | ` +
        (r.delivery ? `${r.delivery.sendsPerSecond}, ${(r.delivery.p50Ms / 1000).toFixed(1)}/${(r.delivery.p95Ms / 1000).toFixed(1)} (${r.delivery.messages})` : '—') +
        ' |',
    ),
    `| ${last.reports.toLocaleString('en')} vs ${first.reports.toLocaleString('en')} | | ${growth('submit')} | ${growth('accept')} | ${growth('resolve')} | ${growth('workerList')} | ${growth('myReports')} | ${growth('changes')} | ${growth('console')} | |`,
  ];
}

async function main(): Promise<void> {
  let uri = process.env.MONGODB_URI;
  let stop = async () => {};
  let dir: string | undefined;
  if (!uri) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'linli-scale-'));
    const db = await startEmbeddedDb({ engine: 'auto', dataDir: dir });
    uri = db.uri;
    stop = () => db.stop();
  }
  const results: ScaleResult[] = [];
  try {
    for (const n of sizes) {
      process.stderr.write(`[scale] ${n.toLocaleString('en')} reports…\n`);
      results.push(await measureScale(uri, n, options));
    }
  } finally {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const started = new Date().toISOString();
  console.log(
    [
      `Date: ${started}; machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; database: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB'}`,
      '',
      'p50 ms per request (median database round trips in brackets); sequential requests, one client.',
      '',
      ...scaleTable(results),
    ].join('\n'),
  );
  console.log(JSON.stringify({ bench: 'scale', at: started, quick, results }));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
