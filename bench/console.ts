// Command-centre benchmark: 10,000 reports (and 100 for comparison) in the embedded database; times the console's
// static files, its five API calls as the page makes them, and — with Debian chromium — the page until it is ready.
import { Types } from 'mongoose';
import { connectDb } from '../server/src/lib/db';
import { registerModels } from '../server/src/models';
import { sampleStaff, centreOf } from '../server/src/modules/demo/dingshan-sample';
import { buildReportDoc } from '../tests/support/factories';
import { rebuildTallies } from '../server/src/modules/stats/recount';

export interface ConsoleResult {
  reports: number;
  staticMs: number;
  apiMedianMs: number;
  apiMaxMs: number;
  pageReadyMs: number | null;
}

type Start = (env: Record<string, string>) => Promise<{ url: string; stop(): void }>;

const categories = ['street_light', 'road_manhole', 'sanitation', 'noise', 'parking_occupation', 'property_repair', 'elderly_help', 'other'];
const statuses = ['submitted', 'assigned', 'accepted', 'resolved', 'closed'] as const;

/** Reports spread over the sample grids, categories and a year, settled when older than a week. */
async function seedReports(uri: string, dbName: string, count: number): Promise<void> {
  const conn = await connectDb({ uri, dbName });
  const { Report } = registerModels(conn);
  await Report.deleteMany({});
  const grids = [...new Set(sampleStaff.filter((s) => s.role === 'grid_worker').flatMap((s) => s.gridCodes))];
  // Reports are held by the sample's real workers, as in a street: dozens of people, not one per report.
  const { User } = registerModels(conn);
  const workers = await User.find({ role: 'grid_worker' }, { _id: 1, gridCodes: 1 }).lean<{ _id: Types.ObjectId; gridCodes: string[] }[]>();
  const now = Date.now();
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const grid = grids[i % grids.length]!;
    const parts = grid.split('-');
    // A street's year: reports spread over 365 days; older than a week they are closed, newer ones at every stage.
    const created = new Date(now - Math.floor(((i * 7919) % count) * ((365 * 86_400_000) / count)));
    const status = now - created.getTime() > 7 * 86_400_000 ? 'closed' : statuses[i % statuses.length]!;
    const assigned = status !== 'submitted';
    batch.push(
      buildReportDoc({
        categoryCode: categories[i % categories.length],
        status,
        gridCode: grid,
        gridPath: [parts[0], parts.slice(0, 2).join('-'), parts.slice(0, 3).join('-'), grid],
        location: centreOf(grid),
        description: `基准测试报事 ${i}`,
        createdAt: created,
        updatedAt: created,
        assigneeId: assigned ? (workers.find((w) => w.gridCodes.includes(grid))?._id ?? null) : null,
        assignedAt: assigned ? created : null,
        signBy: assigned ? new Date(created.getTime() + 24 * 3_600_000) : null,
        resolveBy: assigned ? new Date(created.getTime() + 72 * 3_600_000) : null,
        acceptedAt: status === 'accepted' || status === 'resolved' || status === 'closed' ? new Date(created.getTime() + (i % 3) * 20 * 3_600_000) : null,
        resolvedAt: status === 'resolved' || status === 'closed' ? new Date(created.getTime() + (i % 4) * 30 * 3_600_000) : null,
        closedAt: status === 'closed' ? new Date(created.getTime() + 100 * 3_600_000) : null,
        ratings: status === 'closed' ? [{ round: 1, score: 1 + (i % 5), tags: [], at: created }] : [],
        returns: i % 17 === 0 ? 1 : 0,
      }),
    );
    if (batch.length === 500) await Report.collection.insertMany(batch.splice(0) as never[]);
  }
  if (batch.length) await Report.collection.insertMany(batch as never[]);
  // Written beneath the app: its statistics counters are rebuilt from the reports, as a migration would.
  await rebuildTallies(registerModels(conn), 480);
  await conn.close();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function getOk(url: string, token?: string): Promise<void> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  await res.arrayBuffer();
}

/** Time from navigation until the console marks itself ready, in Debian chromium; null where it is not installed. */
async function pageReady(url: string, token: string): Promise<number | null> {
  let browser;
  try {
    const { launchBrowser } = await import('../tests/support/browser');
    browser = await launchBrowser();
  } catch {
    return null;
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${url}/console/`);
    await page.evaluate((t) => localStorage.setItem('linli.console.token', t), token);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      // Cold each time: past the 2 s window in which the server reuses its last read.
      await new Promise((r) => setTimeout(r, 2_500));
      const t = performance.now();
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[1]!;
  } finally {
    await browser.close();
  }
}

export async function benchConsole(uri: string, start: Start, sizes = [100, 10_000]): Promise<ConsoleResult[]> {
  const results: ConsoleResult[] = [];
  for (const count of sizes) {
    const dbName = `linli_bench_console_${count}`;
    const server = await start({ MONGODB_URI: uri, MONGODB_DB: dbName, DEV_LOGIN: 'true', SEED_DEMO: 'true', LOG_LEVEL: 'warn', OUTBOX_ENABLED: 'false' });
    try {
      await seedReports(uri, dbName, count);
      const login = await fetch(`${server.url}/api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'demo-dispatcher', role: 'dispatcher' }) });
      const { token } = (await login.json()) as { token: string };
      const staticMs = await timed(() => Promise.all(['/console/', '/console/app.js', '/console/app.css'].map((p) => getOk(`${server.url}${p}`))));
      const api = ['/api/v1/stats/overview', '/api/v1/stats/trends?days=30', '/api/v1/stats/map', '/api/v1/categories', '/api/v1/stats/reports?page=1&pageSize=20'];
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        // Past the 2 s reuse window each time: every run is a cold read, as the page's own refresh is.
        await new Promise((r) => setTimeout(r, 2_500));
        runs.push(await timed(() => Promise.all(api.map((p) => getOk(`${server.url}${p}`, token)))));
      }
      runs.sort((a, b) => a - b);
      results.push({ reports: count, staticMs: Math.round(staticMs), apiMedianMs: Math.round(runs[2]!), apiMaxMs: Math.round(runs[4]!), pageReadyMs: await pageReady(server.url, token).then((v) => (v === null ? null : Math.round(v))) });
    } finally {
      server.stop();
    }
  }
  return results;
}

export function consoleSection(results: ConsoleResult[]): string[] {
  if (!results.length) return [];
  const [small, big] = [results[0]!, results.at(-1)!];
  return [
    '## Command centre (/console/)',
    '',
    'The console\'s five data calls (overview, 30-day trends, map, categories, first table page) as the page makes them, in',
    'parallel and cold (each run after the 2 s reuse window), median and worst of 5; and the page in Debian chromium',
    'from reload until it marks itself ready, also cold (median of 3). The statistics read day buckets and the open reports,',
    'not the history (docs/decisions.md).',
    '',
    '| reports | static files ms | API median ms | API max ms | page ready ms |',
    '|---|---|---|---|---|',
    ...results.map((r) => `| ${r.reports.toLocaleString('en')} | ${r.staticMs} | ${r.apiMedianMs} | ${r.apiMaxMs} | ${r.pageReadyMs ?? 'no chromium'} |`),
    '',
    `${big.reports.toLocaleString('en')} vs ${small.reports.toLocaleString('en')} reports: API ×${(big.apiMedianMs / Math.max(1, small.apiMedianMs)).toFixed(1)}` +
      (big.pageReadyMs && small.pageReadyMs ? `, page ×${(big.pageReadyMs / small.pageReadyMs).toFixed(1)}.` : '.'),
    '',
  ];
}
