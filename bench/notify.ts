// Delivery benchmark: 1,000 status changes (派单 on submission) queued in the outbox, then drained by one and by two server instances
// into the local WeChat double. Reports change→send latency (p50/p95) and sends per second.
import { connectDb } from '../server/src/lib/db';
import { sampleFeatureCollection, sampleStaff, centreOf } from '../server/src/modules/demo/dingshan-sample';
import { WechatDouble } from '../tests/support/wechat-double';

export interface NotifyResult {
  instances: number;
  messages: number;
  p50Ms: number;
  p95Ms: number;
  sendsPerSecond: number;
}

type Start = (env: Record<string, string>) => Promise<{ url: string; stop(): void }>;

async function post<T>(url: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function benchNotify(uri: string, start: Start, count = 1_000): Promise<NotifyResult[]> {
  const wechat = new WechatDouble();
  await wechat.start();
  const dbName = 'linli_bench_notify';
  const env = {
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    DEV_LOGIN: 'true',
    LOG_LEVEL: 'warn',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    SUBSCRIBE_KIND: 'long_term',
    SUBSCRIBE_TEMPLATES: JSON.stringify({ assigned: { templateId: 'TPL_ASSIGNED', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }, { key: 'phrase2', type: 'phrase', field: 'status' }, { key: 'time3', type: 'time', field: 'at' }] } }),
    RATE_LIMIT_REPORTS_PER_MIN: '1000000',
    RATE_LIMIT_REPORTS_PER_IP_PER_MIN: '1000000',
    RATE_LIMIT_LOGIN_PER_MIN: '1000000',
    OUTBOX_POLL_MS: '50',
  };

  // Arrange with delivery off: 1,000 submissions, each routed at once → 1,000 owed "派单/受理" messages.
  const arrange = await start({ ...env, OUTBOX_ENABLED: 'false' });
  const admin = await post<{ token: string }>(`${arrange.url}/api/v1/auth/dev`, { openid: 'bench_admin', role: 'admin' });
  await post(`${arrange.url}/api/v1/admin/grids/import`, sampleFeatureCollection(), admin.token);
  await post(`${arrange.url}/api/v1/admin/staff`, { staff: sampleStaff.map(({ openid, name, role, specialty, gridCodes }) => ({ openid, name, role, gridCodes, ...(specialty ? { specialty } : {}) })) }, admin.token);
  const residents = await Promise.all(Array.from({ length: 20 }, (_, i) => post<{ token: string }>(`${arrange.url}/api/v1/auth/dev`, { openid: `bench_notify_${i}`, role: 'resident' })));
  for (const r of residents) await post(`${arrange.url}/api/v1/subscriptions`, { results: { TPL_ASSIGNED: 'accept' } }, r.token);
  const body = { categoryCode: 'street_light', description: '路灯不亮', location: centreOf('DS-A1-C2-G2') };
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      residents.slice(0, Math.min(20, count - i)).map(async (r, j) => {
        await post(`${arrange.url}/api/v1/reports`, body, r.token, { 'idempotency-key': `bench-notify-${i + j}` });
      }),
    );
  }
  arrange.stop();

  const conn = await connectDb({ uri, dbName });
  const Outbox = conn.db!.collection<{ _id: string }>('outbox');
  const results: NotifyResult[] = [];
  for (const instances of [1, 2]) {
    // Every message owed again, as if the changes had just happened.
    const queuedAt = new Date();
    // `at` stays: it is how delivery recognises the change in the report's timeline (deliver.ts, landed).
    await Outbox.updateMany({}, { $set: { status: 'pending', attempts: 0, nextAttemptAt: queuedAt, leaseOwner: null, leaseUntil: null, leaseToken: null, sentAt: null } });
    wechat.delivered.length = 0;
    const servers = await Promise.all(Array.from({ length: instances }, () => start({ ...env, OUTBOX_ENABLED: 'true' })));
    const deadline = Date.now() + 300_000;
    while (wechat.delivered.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const s of servers) s.stop();
    const latencies = wechat.delivered.map((m) => m.receivedAt - queuedAt.getTime()).sort((a, b) => a - b);
    const first = Math.min(...wechat.delivered.map((m) => m.receivedAt));
    const last = Math.max(...wechat.delivered.map((m) => m.receivedAt));
    results.push({ instances, messages: wechat.delivered.length, p50Ms: pct(latencies, 0.5), p95Ms: pct(latencies, 0.95), sendsPerSecond: wechat.delivered.length / Math.max(0.001, (last - first) / 1000) });
    await new Promise((r) => setTimeout(r, 500));
  }
  await conn.dropDatabase();
  await conn.close();
  await wechat.stop();
  return results;
}
