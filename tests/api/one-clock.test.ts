import { Types } from 'mongoose';
import type { TemplatesConfig } from '@linli/shared';
import { outboxWorker } from '../../server/src/jobs/outbox-worker';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { WechatDouble } from '../support/wechat-double';
import { buildWorld, reportAt, type World } from '../support/world';

// Time from one clock (issue 13): the live feed pages through any burst, and instances whose own clocks disagree
// neither miss a change nor send a message twice.
const db = useTestDb();
const wechat = new WechatDouble();
const templates: TemplatesConfig = { accepted: { templateId: 'TPL_ACCEPTED', keywords: [{ key: 'thing1', type: 'thing', field: 'category' }] } };
let ahead: TestServer; // its own clock 40 s fast
let behind: TestServer; // its own clock 40 s slow
let w: World;

type Changes = { items: { id: string; status: string }[]; cursor: string };
const poll = (base: string, token: string, since?: string, wait = 0) =>
  fetch(`${base}/api/v1/reports/changes?wait=${wait}${since ? `&since=${encodeURIComponent(since)}` : ''}`, { headers: { authorization: `Bearer ${token}` } }).then(
    (r) => r.json() as Promise<Changes>,
  );

beforeAll(async () => {
  await wechat.start();
  const env = { WECHAT_API_BASE: wechat.url, WECHAT_APPID: wechat.appid, WECHAT_SECRET: wechat.secret, SUBSCRIBE_TEMPLATES: JSON.stringify(templates) };
  ahead = await startTestServer(db, env, {}, { skewMs: 40_000 });
  behind = await startTestServer(db, env, {}, { skewMs: -40_000 });
  w = await buildWorld(ahead);
});
afterAll(async () => {
  await ahead.close();
  await behind.close();
  await wechat.stop();
});

describe('the live feed', () => {
  it('pages through 1,200 changes stamped in the same millisecond, each exactly once, without stalling', async () => {
    const at = new Date(Date.now() - 60_000);
    const ids = Array.from({ length: 1_200 }, () => new Types.ObjectId());
    await db.models.Report.collection.insertMany(ids.map((_id) => ({ _id, status: 'submitted', gridPath: [], residentId: new Types.ObjectId(), updatedAt: at })));

    const seen: string[] = [];
    let cursor = new Date(at.getTime() - 1).toISOString();
    for (let page = 0; page < 10; page++) {
      const answer = await poll(ahead.url, w.dispatcher.token, cursor);
      seen.push(...answer.items.map((i) => i.id).filter((id) => ids.some((x) => String(x) === id)));
      if (answer.cursor === cursor) break;
      cursor = answer.cursor;
      if (answer.items.length === 0) break;
    }

    expect(seen).toHaveLength(1_200);
    expect(new Set(seen).size).toBe(1_200);
  });

  it('shows a change made on an instance whose clock is behind to a poll held by one whose clock is ahead', async () => {
    const resident = await w.resident();
    const worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
    const report = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;
    const first = await poll(ahead.url, resident.token);
    // Past everything stamped so far, as a page that stays open would be.
    let cursor = (await poll(ahead.url, resident.token, first.cursor, 2)).cursor;

    const accepted = await fetch(`${behind.url}/api/v1/reports/${report.id}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept' }),
    });
    expect(accepted.status).toBe(200);

    const items: Changes['items'] = [];
    for (let i = 0; i < 5 && items.length === 0; i++) {
      const answer = await poll(ahead.url, resident.token, cursor, 5);
      items.push(...answer.items);
      cursor = answer.cursor;
    }
    expect(items).toEqual([expect.objectContaining({ id: report.id, status: 'accepted' })]);
  });
});

describe('the outbox', () => {
  it('is sent once when an instance whose clock is ahead looks at a lease taken by one whose clock is behind', async () => {
    const resident = await w.resident('订阅的居民');
    await w.api.call('POST', '/api/v1/subscriptions', { token: resident.token, body: { results: { TPL_ACCEPTED: 'accept' } } });
    const worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
    const report = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;
    await w.api.act(worker.token, report.id, { action: 'accept' });
    const slowWorker = outboxWorker(behind.services.deliverDeps, { pollMs: 50, maxAttempts: 3, baseDelayMs: 10, clock: behind.services.clock });
    const fastWorker = outboxWorker(ahead.services.deliverDeps, { pollMs: 50, maxAttempts: 3, baseDelayMs: 10, clock: ahead.services.clock });
    wechat.slowNext('/cgi-bin/message/subscribe/send', 1_500);

    const slow = slowWorker.drain();
    const entry = () => db.models.Outbox.findOne({ reportId: report.id, event: 'accepted' }).lean();
    while ((await entry())?.status !== 'sending') await new Promise((r) => setImmediate(r));
    await fastWorker.drain();
    await slow;

    expect((await entry())?.status).toBe('sent');
    expect(wechat.delivered.filter((m) => m.template_id === 'TPL_ACCEPTED')).toHaveLength(1);
  });
});
