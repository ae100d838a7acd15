import { randomBytes } from 'node:crypto';
import { connectDb } from '../../server/src/lib/db';
import { Api } from '../support/api';
import { eventually } from '../support/eventually';
import { testDbUri } from '../support/db';
import { startMain, type RunningServer } from '../support/main-process';
import { WechatDouble } from '../support/wechat-double';
import { reportAt } from '../support/world';

const wechat = new WechatDouble();
const dbName = `t_crash_${randomBytes(4).toString('hex')}`;
let second: RunningServer | undefined;

beforeAll(() => wechat.start());
afterAll(async () => {
  second?.kill('SIGTERM');
  await second?.exited;
  await wechat.stop();
  const conn = await connectDb({ uri: testDbUri(), dbName });
  await conn.dropDatabase();
  await conn.close();
});

describe('notifications owed when the server is killed', () => {
  it('are all delivered exactly once after a restart', async () => {
    const env = {
      MONGODB_URI: testDbUri(),
      MONGODB_DB: dbName,
      DEV_LOGIN: 'true',
      SEED_DEMO: 'true',
      WECHAT_API_BASE: wechat.url,
      WECHAT_APPID: wechat.appid,
      WECHAT_SECRET: wechat.secret,
      SUBSCRIBE_TEMPLATES: JSON.stringify({ assigned: { templateId: 'TPL_ASSIGNED', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }, { key: 'phrase2', type: 'phrase', field: 'status' }] } }),
      RATE_LIMIT_REPORTS_PER_IP_PER_MIN: '1000',
      OUTBOX_POLL_MS: '50',
    };
    // First life: delivery switched off, so every owed message is still pending when the process dies.
    const first = await startMain({ ...env, OUTBOX_ENABLED: 'false' });
    const api = new Api(first.url);
    const residents = await Promise.all(Array.from({ length: 10 }, (_, i) => api.login(`crash_resident_${i}`, 'resident')));
    for (const r of residents) {
      await api.call('POST', '/api/v1/subscriptions', { token: r.token, body: { results: { TPL_ASSIGNED: 'accept' } } });
      expect((await api.submit(r.token, reportAt('DS-A2-C2-G1', 'sanitation'))).status).toBe(201);
    }
    first.kill('SIGKILL');
    await first.exited;
    expect(wechat.delivered).toHaveLength(0);

    second = await startMain({ ...env, OUTBOX_ENABLED: 'true' });
    await eventually(() => wechat.delivered.length >= 10, 'the ten owed messages to be delivered', 30_000);
    // Settled: every entry sent, none pending or being sent, so nothing can go out again — no waiting for a duplicate.
    const conn = await connectDb({ uri: testDbUri(), dbName });
    try {
      await eventually(async () => (await conn.collection('outbox').countDocuments({ status: { $in: ['pending', 'sending'] } })) === 0, 'the outbox to settle');
    } finally {
      await conn.close();
    }

    expect(wechat.delivered).toHaveLength(10);
    expect(new Set(wechat.delivered.map((m) => m.touser)).size).toBe(10);
  }, 90_000);
});
