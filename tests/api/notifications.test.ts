import { eventually } from '../support/eventually';
import { outboxSettled } from '../support/outbox';
import type { NotificationView, TemplatesConfig } from '@linli/shared';
import { outboxWorker, type OutboxWorker } from '../../server/src/jobs/outbox-worker';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { WechatDouble } from '../support/wechat-double';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
const wechat = new WechatDouble();
let server: TestServer;
let w: World;
let worker: Session;
let drainer: OutboxWorker;

const templates: TemplatesConfig = {
  resolved: {
    templateId: 'TPL_RESOLVED',
    keywords: [
      { key: 'thing1', type: 'thing', field: 'category' },
      { key: 'phrase2', type: 'phrase', field: 'status' },
      { key: 'thing3', type: 'thing', field: 'reply' },
      { key: 'time4', type: 'time', field: 'at' },
      { key: 'character_string5', type: 'character_string', field: 'no' },
    ],
  },
};

beforeAll(async () => {
  await wechat.start();
  server = await startTestServer(db, {
    WECHAT_API_BASE: wechat.url,
    WECHAT_APPID: wechat.appid,
    WECHAT_SECRET: wechat.secret,
    WECHAT_TIMEOUT_MS: '300',
    SUBSCRIBE_TEMPLATES: JSON.stringify(templates),
  });
  w = await buildWorld(server);
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
  drainer = outboxWorker(server.services.deliverDeps, { pollMs: 50, maxAttempts: 3, baseDelayMs: 10, random: () => 1 });
});
afterAll(async () => {
  await server.close();
  await wechat.stop();
});

/** A resident who accepted the resolved-template `quota` times, with a parking report resolved by the worker. */
async function resolvedFor(quota: number, reply = '已联系车主挪车，通道恢复畅通。感谢您的反馈，如有问题请再次报事') {
  const resident = await w.resident('通知居民');
  for (let i = 0; i < quota; i++) await w.api.call('POST', '/api/v1/subscriptions', { token: resident.token, body: { results: { TPL_RESOLVED: 'accept' } } });
  const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;
  await w.api.act(worker.token, r.id, { action: 'accept' });
  await w.api.act(worker.token, r.id, { action: 'resolve', note: reply });
  const openid = (await db.models.User.findById(resident.user.id).lean())!.openid;
  return { resident, report: r, openid };
}

/** Drains until the outbox is settled — nothing pending or being sent — waiting out short backoffs. */
async function settle() {
  await eventually(async () => {
    await drainer.drain();
    return outboxSettled(db.models);
  }, 'the outbox to settle');
}

const sentTo = (openid: string) => wechat.delivered.filter((m) => m.touser === openid);
const outboxOf = (reportId: string, event = 'resolved') => db.models.Outbox.findOne({ reportId, event }).lean();

describe('the notification outbox', () => {
  it('writes what a status change owes into the outbox with the change, before any delivery', async () => {
    const { report } = await resolvedFor(0);

    const entries = await db.models.Outbox.find({ reportId: report.id }).lean();

    expect(entries.map((e) => e.event).sort()).toEqual(['accepted', 'assigned', 'resolved']);
    expect(entries.every((e) => e.status === 'pending')).toBe(true);
    expect((await db.models.Report.findById(report.id).lean())!.pendingNotifications).toEqual([]);
  });

  it('sends a resolve as one subscribe message to the resident, fitted to every keyword’s limits', async () => {
    const { report, openid } = await resolvedFor(1);

    await settle();

    const msgs = sentTo(openid);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ template_id: 'TPL_RESOLVED', page: `package-report/detail/index?id=${report.id}` });
    expect(msgs[0]!.data.thing1!.value).toBe('违停占道');
    expect(msgs[0]!.data.phrase2!.value).toBe('已办结');
    expect(Array.from(msgs[0]!.data.thing3!.value)).toHaveLength(20);
    expect(msgs[0]!.data.thing3!.value.endsWith('…')).toBe(true);
    expect(msgs[0]!.data.time4!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(msgs[0]!.data.character_string5!.value).toBe(report.no);
    expect(await outboxOf(report.id)).toMatchObject({ status: 'sent', msgid: expect.any(String) });
  });

  it('spends the one-time quota: one accept, one message, then none left', async () => {
    const { resident } = await resolvedFor(1);
    await settle();

    const sub = await w.api.call<{ items: { quota: number }[] }>('GET', '/api/v1/subscriptions', { token: resident.token });

    expect(sub.body.items[0]!.quota).toBe(0);
  });

  it('sends nothing without quota, but the in-app notification still appears', async () => {
    const { report, resident, openid } = await resolvedFor(0);

    await settle();
    const centre = await w.api.call<{ items: NotificationView[]; unread: number }>('GET', '/api/v1/notifications', { token: resident.token });

    expect(sentTo(openid)).toHaveLength(0);
    expect(await outboxOf(report.id)).toMatchObject({ status: 'skipped', lastError: 'no subscription quota' });
    expect(centre.body.unread).toBe(3);
    expect(centre.body.items[0]).toMatchObject({ reportId: report.id, event: 'resolved', read: false, body: expect.stringContaining('已联系车主挪车') });
  });

  it('refreshes an expired token once and delivers', async () => {
    const { openid } = await resolvedFor(1);
    await settle(); // a token now exists
    const second = await resolvedFor(1);
    wechat.expireTokens();
    const tokenCallsBefore = wechat.calls('/cgi-bin/stable_token').length;

    await settle();

    expect(sentTo(openid)).toHaveLength(1);
    expect(sentTo(second.openid)).toHaveLength(1);
    const refreshes = wechat.calls('/cgi-bin/stable_token').slice(tokenCallsBefore);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toMatchObject({ force_refresh: true });
  });

  it('retries 5xx and timeouts with backoff and delivers once', async () => {
    const { report, openid } = await resolvedFor(1);
    wechat.failNext('/cgi-bin/message/subscribe/send', { status: 502 });
    wechat.failNext('/cgi-bin/message/subscribe/send', { timeoutMs: 600 });

    await settle();

    expect(sentTo(openid)).toHaveLength(1);
    expect(await outboxOf(report.id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('records 43101 (refused by the user), zeroes the quota and does not retry', async () => {
    const { report, resident, openid } = await resolvedFor(2);
    wechat.failNext('/cgi-bin/message/subscribe/send', { errcode: 43101, errmsg: 'user refuse to accept the msg' });

    await settle();
    const sub = await w.api.call<{ items: { quota: number }[] }>('GET', '/api/v1/subscriptions', { token: resident.token });

    expect(sentTo(openid)).toHaveLength(0);
    expect(await outboxOf(report.id)).toMatchObject({ status: 'skipped', attempts: 1, lastError: '43101 refused by user' });
    expect(sub.body.items[0]!.quota).toBe(0);
  });

  it('dead-letters after the last attempt, lists it for admins, and delivers it on retry', async () => {
    const { report, openid } = await resolvedFor(1);
    for (let i = 0; i < 3; i++) wechat.failNext('/cgi-bin/message/subscribe/send', { errcode: -1, errmsg: 'system busy' });

    await settle();
    const dead = await w.api.call<{ items: { id: string; reportId: string; lastError: string }[] }>('GET', '/api/v1/admin/outbox?status=dead', { token: w.admin.token });
    const entry = dead.body.items.find((e) => e.reportId === report.id)!;
    const retry = await w.api.call('POST', `/api/v1/admin/outbox/${encodeURIComponent(entry.id)}/retry`, { token: w.admin.token });
    await settle();

    expect(entry.lastError).toContain('-1');
    expect(retry.status).toBe(200);
    expect(sentTo(openid)).toHaveLength(1);
    expect(await outboxOf(report.id)).toMatchObject({ status: 'sent' });
  });

  it('never sends twice when two instances drain the same outbox', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => resolvedFor(1)));
    const other = outboxWorker(server.services.deliverDeps, { pollMs: 50, maxAttempts: 3, baseDelayMs: 10 });

    await Promise.all([drainer.drain(), other.drain(), drainer.drain(), other.drain()]);
    await settle();

    for (const p of people) expect(sentTo(p.openid)).toHaveLength(1);
  });

  it('finishes copying notifications a crash left inside the report document', async () => {
    const { sweepPending } = await import('../../server/src/modules/notifications/pending');
    const { report, openid } = await resolvedFor(1);
    // Simulate the crash: the change and its owed notification were written, the outbox copy was not.
    const owed = await db.models.Outbox.findOne({ reportId: report.id, event: 'resolved' }).lean();
    await db.models.Outbox.deleteOne({ _id: owed!._id });
    const pending = JSON.stringify({ key: owed!._id, event: 'resolved', userId: String(owed!.userId), reportId: report.id, round: 1, at: owed!.at.toISOString() });
    await db.models.Report.updateOne({ _id: report.id }, { $push: { pendingNotifications: pending } });

    const copied = await sweepPending(db.models, new Date(), server.services.logger);
    await settle();

    expect(copied).toBeGreaterThanOrEqual(1);
    expect(sentTo(openid)).toHaveLength(1);
  });

  it('marks notifications read', async () => {
    const { resident } = await resolvedFor(0);
    await settle();
    const list = await w.api.call<{ items: NotificationView[] }>('GET', '/api/v1/notifications', { token: resident.token });

    const one = await w.api.call<{ unread: number }>('POST', '/api/v1/notifications/read', { token: resident.token, body: { ids: [list.body.items[0]!.id] } });
    const all = await w.api.call<{ unread: number }>('POST', '/api/v1/notifications/read', { token: resident.token, body: { all: true } });

    expect(one.body.unread).toBe(2);
    expect(all.body.unread).toBe(0);
  });
});

describe('notifications queued before the change they announce', () => {
  const owe = async (reportId: string, index: number, at: Date) => {
    const { queueNotifications } = await import('../../server/src/modules/notifications/pending');
    const report = (await db.models.Report.findById(reportId).lean())!;
    const key = `${reportId}:1:resolved:${index}`;
    await queueNotifications(db.models, [{ key, event: 'resolved', userId: String(report.residentId), reportId, round: 1, at: at.toISOString(), index }], new Date());
    return key;
  };

  it('drops one whose change never reached the report, and sends nothing for it', async () => {
    const { report, openid } = await resolvedFor(1);
    await settle();
    const before = sentTo(openid).length;
    // What a write that lost its race (or a crash just before it) leaves: an entry past the end of the timeline.
    const key = await owe(report.id, 40, new Date(Date.now() - 11 * 60_000));

    await settle();

    expect(await db.models.Outbox.findById(key).lean()).toMatchObject({ status: 'skipped', lastError: 'change not made' });
    expect(sentTo(openid)).toHaveLength(before);
    expect(await db.models.Notification.findById(key).lean()).toBeNull();
  });

  it('waits for one whose change is still being written, without counting it as a failed attempt', async () => {
    const { report } = await resolvedFor(0);
    await settle();
    const key = await owe(report.id, 40, new Date());

    await drainer.drain();

    expect(await db.models.Outbox.findById(key).lean()).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await db.models.Outbox.findById(key).lean())!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });
});
