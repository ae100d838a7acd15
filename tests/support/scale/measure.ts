// Times the requests that decide whether a street can work, through the real HTTP API of an app running in this
// process against a database seeded with N reports of history, and counts each request's database round trips.
import { eventually } from '../eventually';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { createApp } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/config';
import { connectDb, syncIndexes } from '../../../server/src/lib/db';
import { createLogger } from '../../../server/src/lib/logger';
import { createServices } from '../../../server/src/services';
import { importGrids } from '../../../server/src/modules/grids/grid-import';
import { centreOf, sampleFeatureCollection, sampleStaff } from '../../../server/src/modules/demo/dingshan-sample';
import { outboxWorker } from '../../../server/src/jobs/outbox-worker';
import type { ReportRecord } from '../../../server/src/modules/reports/report.types';
import { solidPng } from '../png';
import { WechatDouble } from '../wechat-double';
import { seedHistory } from './seed';

export interface Stat {
  p50: number;
  p95: number;
  /** Median database round trips per request (commands the driver sent, less the caches' once-a-second version checks). */
  trips: number;
}

export interface DeliveryResult {
  messages: number;
  sendsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

export interface ScaleResult {
  reports: number;
  seedSeconds: number;
  submit: Stat;
  accept: Stat;
  resolve: Stat;
  /** The workbench's 待办 tab alone: one request. */
  workerTodo: Stat;
  workerList: Stat;
  myReports: Stat;
  changes: Stat;
  console: Stat;
  delivery: DeliveryResult | null;
}

export interface ScaleOptions {
  /** Requests timed per operation. */
  samples: number;
  /** Cold runs of the console's five calls. */
  consoleRuns: number;
  /** Queued changes to deliver to the WeChat double (0: skip). */
  deliveries: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
};
const stat = (times: number[], trips: number[]): Stat => ({ p50: round(pct(times, 0.5)), p95: round(pct(times, 0.95)), trips: pct(trips, 0.5) });
const round = (x: number) => Math.round(x * 10) / 10;

export async function measureScale(uri: string, n: number, opts: ScaleOptions): Promise<ScaleResult> {
  const wechat = new WechatDouble();
  await wechat.start();
  const dbName = `linli_scale_${n}_${randomBytes(3).toString('hex')}`;
  const conn = await connectDb({ uri, dbName, monitorCommands: true, serverSelectionTimeoutMS: 30_000 });
  const config = loadConfig({
    NODE_ENV: 'production',
    AUTH_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    OUTBOX_ENABLED: 'false',
    STATS_CACHE_MS: '0',
    RATE_LIMIT_REPORTS_PER_MIN: '1000000',
    RATE_LIMIT_REPORTS_PER_IP_PER_MIN: '1000000',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    SUBSCRIBE_KIND: 'long_term',
    SUBSCRIBE_TEMPLATES: JSON.stringify(
      Object.fromEntries(['accepted', 'resolved'].map((e) => [e, { templateId: 'TPL_PROGRESS', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }, { key: 'phrase2', type: 'phrase', field: 'status' }, { key: 'time3', type: 'time', field: 'at' }] }])),
    ),
  });
  const logger = createLogger('warn');
  const deps = { config, db: conn, logger };
  const services = createServices(deps);
  const server = http.createServer(createApp(deps, services).callback());
  try {
    await syncIndexes(conn);
    await services.categories.seedDefaults();
    const index = await importGrids(services.models, services.grids, sampleFeatureCollection().features).then(() => services.grids.current());
    for (const person of sampleStaff) await services.users.create(person);
    const now = new Date();
    const seeded = await seedHistory(services.models, index, n, now);

    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let commands = 0;
    // The in-memory caches' version checks (one `_id` read per cache at most once a second, whatever the load) depend
    // on the wall clock, not on the request: they are left out, so a request's count is the same on a busy machine.
    const versionCheck = (c: Record<string, unknown>) => c.find === 'counters' && /\.version$/.test(String((c.filter as { _id?: unknown } | undefined)?._id ?? ''));
    conn.getClient().on('commandStarted', (e) => {
      if (!versionCheck(e.command)) commands += 1;
    });

    const tokenFor = async (openid: string | null, id?: Types.ObjectId) => {
      const user = id ? { _id: id, role: 'resident' as const } : (await services.models.User.findOne({ openid }).lean())!;
      return (await services.tokens.sign({ userId: String(user._id), role: user.role })).token;
    };
    const resident = await tokenFor(null, seeded.resident);
    const worker = await tokenFor('demo-worker-DS-A1-C1-G1-urban');
    const dispatcher = await tokenFor('demo-dispatcher');

    async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    }
    async function timed(count: number, run: (i: number) => Promise<unknown>): Promise<Stat> {
      const times: number[] = [];
      const trips: number[] = [];
      for (let i = 0; i < count; i++) {
        const c0 = commands;
        const t0 = performance.now();
        await run(i);
        times.push(performance.now() - t0);
        trips.push(commands - c0);
      }
      return stat(times, trips);
    }

    // Warm-up: the caches every instance keeps (grids, categories, staff) and the JIT.
    for (let i = 0; i < 3; i++) await call('GET', '/api/v1/reports?limit=10', resident);

    const photos = await Promise.all(
      Array.from({ length: opts.samples }, (_, i) => services.media.save(solidPng(32, 24, [i % 255, 80, 120]), { ownerId: seeded.resident, kind: 'image', mime: 'image/png' })),
    );
    const submitted: string[] = [];
    const body = (i: number) => ({
      categoryCode: 'parking_occupation',
      description: '小区门口有车辆长期占用消防通道，影响通行，请尽快处理。',
      location: { ...centreOf('DS-A1-C1-G1'), address: '示例路1号' },
      photoIds: [photos[i]!.id],
    });
    const submit = await timed(opts.samples, async (i) => {
      const r = (await call('POST', '/api/v1/reports', resident, body(i), { 'idempotency-key': `scale-${i}-${dbName}` })) as { id: string };
      submitted.push(r.id);
    });
    const accept = await timed(opts.samples, (i) => call('POST', `/api/v1/reports/${submitted[i]}/actions`, worker, { action: 'accept' }));
    const resolve = await timed(opts.samples, (i) => call('POST', `/api/v1/reports/${submitted[i]}/actions`, worker, { action: 'resolve', note: '已联系车主挪走车辆' }));
    const workerTodo = await timed(opts.samples, () => call('GET', '/api/v1/reports?status=assigned,submitted&limit=50', worker));
    const workerList = await timed(opts.samples, () =>
      Promise.all(['assigned,submitted', 'accepted', 'resolved,closed'].map((st) => call('GET', `/api/v1/reports?status=${st}&limit=50`, worker))),
    );
    const myReports = await timed(opts.samples, () => call('GET', '/api/v1/reports?limit=10', resident));
    const changes = await timed(opts.samples, () => call('GET', `/api/v1/reports/changes?since=${encodeURIComponent(new Date().toISOString())}&wait=0`, worker));
    const consoleCalls = ['/api/v1/stats/overview', '/api/v1/stats/trends?days=30', '/api/v1/stats/map', '/api/v1/categories', '/api/v1/stats/reports?page=1&pageSize=20'];
    const consoleStat = await timed(opts.consoleRuns, () => Promise.all(consoleCalls.map((p) => call('GET', p, dispatcher))));

    const delivery = opts.deliveries ? await deliver(services, wechat, opts.deliveries, now, new Set(submitted)) : null;
    return { reports: n, seedSeconds: round(seeded.ms / 1000), submit, accept, resolve, workerTodo, workerList, myReports, changes, console: consoleStat, delivery };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await wechat.stop();
  }
}

/**
 * Push throughput: `count` changes (签收 of seeded reports) queued in the outbox at one moment for residents who
 * accepted the template, then drained by one instance's worker into the local WeChat double.
 */
async function deliver(services: ReturnType<typeof createServices>, wechat: WechatDouble, count: number, now: Date, measured: Set<string>): Promise<DeliveryResult> {
  const { Report, Outbox, Subscription } = services.models;
  const reports = await Report.find({ status: { $in: ['accepted', 'resolved', 'closed'] }, _id: { $gte: Types.ObjectId.createFromTime(Math.floor((now.getTime() - 400 * 86_400_000) / 1000)) } }, { residentId: 1, timeline: 1 })
    .limit(count + measured.size)
    .lean<Pick<ReportRecord, '_id' | 'residentId' | 'timeline'>[]>()
    .then((rs) => rs.filter((r) => !measured.has(String(r._id))).slice(0, count));
  // 签收 and then 办结 of seeded reports, as many as asked for (a small history has fewer reports than changes).
  const changes = [
    ...reports.map((r) => ({ r, event: 'accepted', index: 2 })),
    ...reports.filter((r) => r.timeline[3]?.action === 'resolve').map((r) => ({ r, event: 'resolved', index: 3 })),
  ].slice(0, count);
  const people = [...new Set(changes.map((c) => String(c.r.residentId)))];
  await Subscription.collection.insertMany(
    people.map((u) => ({ _id: `${u}:TPL_PROGRESS`, userId: new Types.ObjectId(u), templateId: 'TPL_PROGRESS', kind: 'long_term', quota: 0, active: true, lastResult: 'accept', updatedAt: now })) as never[],
  );
  const queuedAt = new Date();
  await Outbox.collection.insertMany(
    changes.map(({ r, event, index }) => ({
      _id: `${String(r._id)}:1:${event}:${index}`,
      reportId: r._id,
      userId: r.residentId,
      event,
      round: 1,
      at: r.timeline[index]!.at,
      index,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: queuedAt,
      leaseOwner: null,
      leaseUntil: null,
      leaseToken: null,
      quotaSpent: false,
      lastError: null,
      msgid: null,
      sentAt: null,
      createdAt: queuedAt,
    })) as never[],
  );
  wechat.delivered.length = 0;
  const worker = outboxWorker(services.deliverDeps, { pollMs: 50, maxAttempts: 8, baseDelayMs: 1_000, retentionDays: 3650 });
  worker.start();
  const ids = new Set(changes.map((c) => String(c.r._id)));
  const ours = () => wechat.delivered.filter((m) => ids.has(m.page?.split('id=')[1] ?? ''));
  // A benchmark reports what arrived within ten minutes rather than failing.
  await eventually(() => ours().length >= changes.length, 'every owed message delivered', 600_000).catch(() => undefined);
  await worker.stop();
  const sent = ours();
  const latencies = sent.map((m) => m.receivedAt - queuedAt.getTime());
  const last = Math.max(...sent.map((m) => m.receivedAt));
  return {
    messages: sent.length,
    sendsPerSecond: round(sent.length / Math.max(0.001, (last - queuedAt.getTime()) / 1000)),
    p50Ms: Math.round(pct(latencies, 0.5)),
    p95Ms: Math.round(pct(latencies, 0.95)),
  };
}
