import { Types } from 'mongoose';
import type { ReportView } from '@linli/shared';
import { applyRetention } from '../../server/src/modules/privacy/retention';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes, wavBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, reportAt, type World } from '../support/world';

// Personal information under PIPL (issue 13): masked call-back numbers revealed only through an audited action, the
// access log, a resident's own data, export and deletion, and the retention pass.
const db = useTestDb();
let server: TestServer;
let w: World;
let worker: Session; // social worker of DS-A1-C1-G1
let stranger: Session; // a worker of another grid
let admin: Session;

type Entry = { action: string; actorId: string | null; subjectIds: string[]; residentIds: string[]; reason?: string };
const accessLog = async (query = '') => (await w.api.call<{ items: Entry[] }>('GET', `/api/v1/admin/access-log${query}`, { token: admin.token })).body.items;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  worker = await w.staff('demo-worker-DS-A1-C1-G1-social');
  stranger = await w.staff('demo-worker-DS-A2-C2-G3-social');
  admin = await w.staff('demo-admin');
});
afterAll(() => server.close());

async function phonedIn(phone = '13812345678') {
  const res = await w.api.call<ReportView>('POST', '/api/v1/reports/on-behalf', {
    token: w.dispatcher.token,
    body: { channel: 'phone', residentName: '来电的王阿姨', residentPhone: phone, categoryCode: 'elderly_help', description: '独居老人家里没人接电话', gridCode: 'DS-A1-C1-G1' },
    headers: { 'Idempotency-Key': `k-${new Types.ObjectId().toHexString()}` },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('a call-back number', () => {
  it('is masked in every staff view, list and detail, and the account is not keyed by it', async () => {
    const report = await phonedIn();

    const detail = await w.api.get(worker.token, report.id);
    const list = await w.api.call<{ items: ReportView[] }>('GET', '/api/v1/reports?limit=50', { token: w.dispatcher.token });

    expect(detail.body.contactPhone).toBe('138****5678');
    expect(JSON.stringify(detail.body)).not.toContain('13812345678');
    expect(JSON.stringify(list.body)).not.toContain('13812345678');
    expect(await db.models.User.countDocuments({ openid: { $regex: /13812345678/ } })).toBe(0);
  });

  it('is shown in full only to staff in scope who say why, and each reveal is logged with who, whose, when and why', async () => {
    const report = await phonedIn('13900001111');

    const noReason = await w.api.call('POST', `/api/v1/reports/${report.id}/reveal-phone`, { token: worker.token, body: {} });
    const outOfScope = await w.api.call('POST', `/api/v1/reports/${report.id}/reveal-phone`, { token: stranger.token, body: { reason: '核实情况' } });
    const resident = await w.resident();
    const byResident = await w.api.call('POST', `/api/v1/reports/${report.id}/reveal-phone`, { token: resident.token, body: { reason: '想联系' } });
    const revealed = await w.api.call<{ phone: string }>('POST', `/api/v1/reports/${report.id}/reveal-phone`, { token: worker.token, body: { reason: '上门前电话确认' } });

    expect(noReason.status).toBe(400);
    expect(outOfScope.status).toBe(404);
    expect(byResident.status).toBe(403);
    expect(revealed.body).toEqual({ phone: '13900001111' });
    const reveals = await accessLog('?action=phone.reveal');
    expect(reveals.filter((e) => e.subjectIds.includes(report.id))).toEqual([
      expect.objectContaining({ action: 'phone.reveal', actorId: worker.user.id, reason: '上门前电话确认', residentIds: [expect.any(String)] }),
    ]);
  });
});

describe('the access log', () => {
  it('records every staff read of a report and its media, never a resident’s read of their own, and only admins read it', async () => {
    const resident = await w.resident();
    const photo = (await w.api.upload(resident.token, jpegBytes())).body.id;
    const report = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'elderly_help', { photoIds: [photo] }))).body;

    await w.api.get(resident.token, report.id);
    await w.api.get(worker.token, report.id);
    await fetch(`${server.url}/api/v1/media/${photo}`, { headers: { authorization: `Bearer ${worker.token}` } });

    const mine = (await accessLog()).filter((e) => e.subjectIds.includes(report.id) || e.subjectIds.includes(photo));
    expect(mine.map((e) => [e.action, e.actorId])).toEqual(expect.arrayContaining([['report.read', worker.user.id], ['media.read', worker.user.id]]));
    expect(mine.some((e) => e.actorId === resident.user.id)).toBe(false);
    expect((await w.api.call('GET', '/api/v1/admin/access-log', { token: w.dispatcher.token })).status).toBe(403);
    expect((await w.api.call('DELETE', '/api/v1/admin/access-log', { token: admin.token })).status).toBe(405);
  });
});

describe('a resident’s own data', () => {
  it('can be seen and exported whole, and deleting the account anonymises their reports without losing them', async () => {
    const resident = await w.resident('想注销的居民');
    const voice = (await w.api.upload(resident.token, wavBytes(900))).body.id;
    const report = (
      await w.api.submit(resident.token, { ...reportAt('DS-A1-C1-G1', 'elderly_help', { voiceIds: [voice] }), location: { ...centreOf('DS-A1-C1-G1'), address: '顶山街道3栋201室' } })
    ).body;

    const data = await w.api.call<{ account: { name: string }; reports: ReportView[] }>('GET', '/api/v1/me/data', { token: resident.token });
    const exported = await fetch(`${server.url}/api/v1/me/export`, { headers: { authorization: `Bearer ${resident.token}` } });
    expect(data.body.account.name).toBe('想注销的居民');
    expect(data.body.reports.map((r) => r.id)).toEqual([report.id]);
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="linli-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect((await exported.json()).reports[0].location.address).toBe('顶山街道3栋201室');

    expect((await w.api.call('DELETE', '/api/v1/me', { token: resident.token })).status).toBe(400);
    const deleted = await w.api.call('DELETE', '/api/v1/me?confirm=true', { token: resident.token });

    expect(deleted.body).toEqual({ reports: 1 });
    expect((await w.api.call('GET', '/api/v1/me/data', { token: resident.token })).status).toBe(401);
    const kept = await w.api.get(worker.token, report.id);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ anonymous: true, voiceIds: [], categoryCode: 'elderly_help' });
    expect(kept.body.location.address).toBeUndefined();
    expect(JSON.stringify(kept.body)).not.toContain('想注销的居民');
    expect(await db.models.Report.db.db!.collection('media.files').countDocuments({ _id: new Types.ObjectId(voice) })).toBe(0);
    expect(await db.models.User.countDocuments({ _id: new Types.ObjectId(resident.user.id), name: { $exists: true } })).toBe(0);
  });
});

describe('the retention pass', () => {
  it('anonymises reports closed longer ago than the period, deletes their media, keeps newer ones, and logs what it did', async () => {
    const resident = await w.resident('三年前的居民');
    const photo = (await w.api.upload(resident.token, jpegBytes())).body.id;
    const old = (await w.api.submit(resident.token, { ...reportAt('DS-A1-C1-G1', 'elderly_help', { photoIds: [photo] }), description: '我家3栋201的老人需要帮助' })).body;
    const recent = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'elderly_help'))).body;
    const closedAt = new Date(Date.now() - 4 * 365 * 86_400_000);
    await db.models.Report.updateOne({ _id: old.id }, { $set: { status: 'closed', closedAt } });
    await db.models.Report.updateOne({ _id: recent.id }, { $set: { status: 'closed', closedAt: new Date() } });

    const done = await applyRetention(server.services.reportDeps, { reportDays: 1_095, accessLogDays: 365 });

    expect(done.anonymised).toBeGreaterThanOrEqual(1);
    const stored = await db.models.Report.findById(old.id).lean();
    expect(stored).toMatchObject({ status: 'closed', categoryCode: 'elderly_help', photoIds: [], mediaIds: [], anonymous: true });
    expect(stored!.description).not.toContain('201');
    expect(String(stored!.residentId)).toBe('000000000000000000000000');
    expect(await db.models.Report.db.db!.collection('media.files').countDocuments({ _id: new Types.ObjectId(photo) })).toBe(0);
    expect((await db.models.Report.findById(recent.id).lean())!.anonymisedAt).toBeUndefined();
    expect((await accessLog('?action=retention.anonymise'))[0]!.subjectIds).toContain(old.id);
    expect((await applyRetention(server.services.reportDeps, { reportDays: 1_095, accessLogDays: 365 })).anonymised).toBe(0);
  });
});
