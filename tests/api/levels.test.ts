import type { ReportView } from '@linli/shared';
import { cityGrids } from '../../server/src/modules/demo/city-sample';
import type { Session } from '../support/api';
import { buildCityWorld, type CityWorld } from '../support/city-world';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';

const db = useTestDb();
let server: TestServer;
let w: CityWorld;
let resident: Session;
const s: Record<string, Session> = {};

/** The middle of a sample area of the city layout. */
function centre(code: string) {
  const g = cityGrids.find((x) => x.code === code)!;
  return { lng: (g.box[0] + g.box[2]) / 2, lat: (g.box[1] + g.box[3]) / 2 };
}

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildCityWorld(server);
  resident = await w.resident('市民');
  const who = {
    city: 'demo-dispatcher-NJ',
    pukou: 'demo-dispatcher-PK',
    luhe: 'demo-dispatcher-LH',
    dingshan: 'demo-dispatcher-DS',
    taishan: 'demo-dispatcher-TS',
    worker: 'demo-worker-DS-A1-C1-G1-urban',
    taishanWorker: 'demo-worker-TS-C1-G1-urban',
    leader: 'demo-leader-DS-A1-C1',
    power: 'demo-unit-PK-POWER',
    police: 'demo-unit-DS-POLICE',
    property: 'demo-unit-JQ-PROPERTY',
  };
  for (const [k, openid] of Object.entries(who)) s[k] = await w.staff(openid);
});
afterAll(() => server.close());

async function report(at: string | { lng: number; lat: number }, categoryCode = 'street_light'): Promise<ReportView> {
  const location = typeof at === 'string' ? centre(at) : at;
  const res = await w.api.submit(resident.token, { categoryCode, description: '路灯坏了好几天，晚上很黑', location });
  expect(res.status).toBe(201);
  return res.body;
}

async function act(who: Session, r: { id: string }, body: object): Promise<ReportView> {
  const res = await w.api.act(who.token, r.id, body);
  // The refusal's body is in the failure message.
  expect({ status: res.status, error: (res.body as { error?: unknown }).error ?? null }).toEqual({ status: 200, error: null });
  return res.body;
}

/** 办结 with the after-photo 路灯 and 井盖 require, uploaded by the one who resolves. */
async function resolve(who: Session, r: { id: string }, note: string): Promise<ReportView> {
  const photo = (await w.api.upload(who.token, jpegBytes(), 'after.jpg')).body.id;
  return act(who, r, { action: 'resolve', note, photoIds: [photo] });
}

const listIds = async (who: Session, query = '') => ((await w.api.call<{ items: { id: string }[] }>('GET', `/api/v1/reports?limit=100${query}`, { token: who.token })).body.items ?? []).map((i) => i.id);
const deskIds = async (who: Session) => ((await w.api.call<{ items: { id: string }[] }>('GET', '/api/v1/reports/desk', { token: who.token })).body.items ?? []).map((i) => i.id);
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe('levels above the street: each command centre sees its own subtree and nothing beside it', () => {
  let dingshan: ReportView;
  let taishan: ReportView;
  let xiongzhou: ReportView;
  beforeAll(async () => {
    dingshan = await report('DS-A1-C1-G1');
    taishan = await report('TS-C1-G1');
    xiongzhou = await report('XZ-C1-G1');
  });

  it('places a report in its street, district and city', async () => {
    const stored = await db.models.Report.findById(dingshan.id).lean();
    expect(stored).toMatchObject({ streetCode: 'DS', districtCode: 'PK', cityCode: 'NJ', gridCode: 'DS-A1-C1-G1' });
  });

  it("shows a street's dispatcher its own street's reports and answers 404 for another street's", async () => {
    expect(await listIds(s.dingshan!)).toEqual(expect.arrayContaining([dingshan.id]));
    expect(await listIds(s.dingshan!)).not.toEqual(expect.arrayContaining([taishan.id]));
    expect((await w.api.get(s.dingshan!.token, taishan.id)).status).toBe(404);
    expect((await w.api.get(s.taishan!.token, dingshan.id)).status).toBe(404);
  });

  it("shows a district's dispatcher its streets only, and a city's dispatcher every street", async () => {
    const pukou = await listIds(s.pukou!);
    expect(pukou).toEqual(expect.arrayContaining([dingshan.id, taishan.id]));
    expect(pukou).not.toContain(xiongzhou.id);
    expect((await w.api.get(s.luhe!.token, dingshan.id)).status).toBe(404);
    expect(await listIds(s.city!)).toEqual(expect.arrayContaining([dingshan.id, taishan.id, xiongzhou.id]));
  });

  it("refuses a street's dispatcher acting on another street's report with 403 and changes nothing", async () => {
    const res = await w.api.act(s.taishan!.token, dingshan.id, { action: 'instruct', note: '尽快处理', dueAt: inDays(2) });

    expect(res.status).toBe(403);
    expect((await w.api.get(s.dingshan!.token, dingshan.id)).body.instruction).toBeNull();
  });

  it("shows a unit's handler only the reports sent to their unit", async () => {
    expect(await listIds(s.power!)).toEqual([]);
    expect((await w.api.get(s.power!.token, dingshan.id)).status).toBe(404);
    await act(s.dingshan!, dingshan, { action: 'dispatch', unitCode: 'PK-POWER' });

    expect(await listIds(s.power!)).toEqual([dingshan.id]);
    expect((await w.api.get(s.police!.token, dingshan.id)).status).toBe(404);
  });

  it('sends a report outside every grid to the top command centre, where it can be dispatched', async () => {
    const lost = await report({ lng: 119.6, lat: 32.0 });

    expect(lost).toMatchObject({ status: 'submitted', gridCode: null });
    expect((await w.api.get(s.dingshan!.token, lost.id)).status).toBe(404);
    const r = await w.api.get(s.city!.token, lost.id);
    expect(r.body.allowedActions).toEqual(expect.arrayContaining(['assign', 'dispatch']));
    const candidates = await w.api.call<{ items: unknown[] }>('GET', `/api/v1/reports/${lost.id}/candidates`, { token: s.city!.token });
    expect(candidates.body.items.length).toBeGreaterThan(0);
  });
});

describe('the command centre dispatches, a unit handles, 核查 closes', () => {
  it('goes 上报 → the street queue → 派遣 供电所 → 签收 and 办结 by its handler → rated → closed', async () => {
    const r = await report('DS-A1-C1-G1');
    expect(r.assignee).not.toBeNull();

    const up = await act(s.worker!, r, { action: 'report_up', note: '线路故障，需供电部门处理' });
    expect(up).toMatchObject({ status: 'submitted', assignee: null });
    expect(await listIds(s.dingshan!, '&status=submitted')).toContain(r.id);
    const units = await w.api.call<{ items: { code: string; fits: boolean }[] }>('GET', `/api/v1/units?reportId=${r.id}`, { token: s.dingshan!.token });
    expect(units.body.items[0]).toMatchObject({ code: 'PK-POWER', fits: true });

    const sent = await act(s.dingshan!, r, { action: 'dispatch', unitCode: 'PK-POWER', note: '请供电所处理' });
    expect(sent).toMatchObject({ status: 'assigned', unit: { code: 'PK-POWER', name: '浦口供电所', kind: 'department' } });
    expect((await w.api.get(s.power!.token, r.id)).body.allowedActions).toEqual(expect.arrayContaining(['accept', 'return']));

    await act(s.power!, r, { action: 'accept' });
    const done = await resolve(s.power!, r, '已更换线路，路灯恢复');
    expect(done.status).toBe('resolved');
    const rated = await w.api.rate(resident.token, r.id, { score: 5 });
    expect(rated.body.status).toBe('closed');
    const seen = (await w.api.get(resident.token, r.id)).body;
    expect(seen.timeline.map((t) => t.action)).toEqual(['submit', 'route', 'report_up', 'dispatch', 'accept', 'resolve', 'rate']);
  });

  it('lets a unit hand a report back with a reason, to the command centre that sent it', async () => {
    const r = await report('DS-A1-C1-G2');
    await act(s.dingshan!, r, { action: 'dispatch', unitCode: 'PK-POWER' });

    const back = await act(s.power!, r, { action: 'return', note: '不是供电线路问题' });

    expect(back).toMatchObject({ status: 'submitted', unit: null });
    expect(await listIds(s.power!)).not.toContain(r.id);
  });

  it('refuses to 派遣 to a unit that does not work there', async () => {
    const r = await report('TS-C1-G1');
    const res = await w.api.act(s.taishan!.token, r.id, { action: 'dispatch', unitCode: 'DS-POLICE' });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'UNIT_INVALID' } });
  });

  it('routes a category a 物业 takes in its 小区 straight to the 物业', async () => {
    const r = await report('DS-A1-C1-G2', 'property_repair');

    expect(r).toMatchObject({ status: 'assigned', assignee: null, unit: { code: 'JQ-PROPERTY', kind: 'property' } });
    expect(await listIds(s.property!)).toContain(r.id);
  });

  it('passes a 核查 category through verifying: pass closes, fail reopens to the same handler in a new round', async () => {
    const r = await report('DS-A1-C1-G1', 'road_manhole');
    await act(s.worker!, r, { action: 'accept' });
    await resolve(s.worker!, r, '井盖已复位');
    const rated = await w.api.rate(resident.token, r.id, { score: 4 });
    expect(rated.body).toMatchObject({ status: 'verifying', verification: 'required' });

    const failed = await act(s.dingshan!, r, { action: 'verify', result: 'fail', note: '现场核查井盖仍松动' });
    expect(failed).toMatchObject({ status: 'assigned', round: 2, assignee: { name: expect.any(String) } });

    await act(s.worker!, r, { action: 'accept' });
    await resolve(s.worker!, r, '已更换井盖');
    await w.api.rate(resident.token, r.id, { score: 5 });
    const passed = await act(s.dingshan!, r, { action: 'verify', result: 'pass', note: '电话回访，居民确认已修好' });
    expect(passed.status).toBe('closed');
  });

  it('asks 延期 with a reason; the leader grants it and the deadline moves', async () => {
    const r = await report('DS-A1-C1-G1');
    const asked = await act(s.worker!, r, { action: 'extend', note: '需等待灯具配件', dueAt: inDays(5) });
    expect(asked.extension).toMatchObject({ state: 'pending' });
    expect((await w.api.act(s.worker!.token, r.id, { action: 'extend', note: '再延', dueAt: inDays(6) })).body).toMatchObject({ error: { code: 'EXTENSION_PENDING' } });

    const granted = await act(s.leader!, r, { action: 'approve_extension' });

    expect(granted.extension).toMatchObject({ state: 'granted' });
    expect(new Date(granted.resolveBy!).getTime()).toBe(new Date(asked.extension!.dueAt).getTime());
  });
});

describe('三级把关: unsatisfied ratings climb to the district and the city', () => {
  it("puts a twice-unsatisfied report on the district's and then the city's desk, whose 批示 the street and the resident see", async () => {
    const r = await report('DS-A1-C1-G1');
    const round = async () => {
      await act(s.worker!, r, { action: 'accept' });
      await resolve(s.worker!, r, '已修');
      return (await w.api.rate(resident.token, r.id, { score: 1, comment: '还是不亮' })).body;
    };

    expect((await round()).escalationLevel).toBe(1);
    expect(await deskIds(s.pukou!)).toContain(r.id);
    expect(await deskIds(s.city!)).not.toContain(r.id);
    expect(await deskIds(s.luhe!)).not.toContain(r.id);

    expect((await round()).escalationLevel).toBe(2);
    expect(await deskIds(s.city!)).toContain(r.id);

    const instructed = await act(s.city!, r, { action: 'instruct', note: '请三日内彻底修复并回复居民', dueAt: inDays(3) });
    expect(instructed.instruction).toMatchObject({ level: '市', note: '请三日内彻底修复并回复居民' });
    expect((await w.api.get(s.dingshan!.token, r.id)).body.instruction).toMatchObject({ level: '市' });
    const seen = (await w.api.get(resident.token, r.id)).body.timeline.at(-1)!;
    expect(seen).toMatchObject({ action: 'instruct', note: expect.stringMatching(/^市指挥中心督办：请三日内彻底修复并回复居民（请于.+前办结）$/) });
    const notices = await db.models.Outbox.find({ reportId: r.id, event: 'instructed' }).lean();
    expect(notices.map((n) => String(n.userId))).toContain(s.worker!.user.id);
  });

  it('refuses 批示 from a grid leader (403) and one with a deadline in the past (400)', async () => {
    const r = await report('DS-A1-C1-G1');
    expect((await w.api.act(s.leader!.token, r.id, { action: 'instruct', note: '快', dueAt: inDays(1) })).status).toBe(403);
    const res = await w.api.act(s.pukou!.token, r.id, { action: 'instruct', note: '快', dueAt: inDays(-1) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'DUE_INVALID' } });
  });
});

describe('units', () => {
  it('are created by an admin only, once per code, in grids and categories that exist', async () => {
    const body = { code: 'DS-GAS', name: '顶山燃气站', kind: 'department', categoryCodes: ['municipal_facility'], gridCodes: ['DS'] };
    expect((await w.api.call('POST', '/api/v1/admin/units', { token: s.dingshan!.token, body })).status).toBe(403);
    const created = await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body });
    expect(created).toMatchObject({ status: 201, body: { code: 'DS-GAS', kind: 'department', members: 0, autoRoute: false } });
    expect((await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body })).body).toMatchObject({ error: { code: 'UNIT_EXISTS' } });
    expect((await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body: { ...body, code: 'X1', gridCodes: ['NOPE'] } })).body).toMatchObject({ error: { code: 'GRID_UNKNOWN' } });
    expect((await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body: { ...body, code: 'X2', kind: 'company' } })).status).toBe(400);
  });

  it('must exist before a handler is bound to one', async () => {
    const res = await w.api.call('POST', '/api/v1/admin/staff', { token: w.admin.token, body: { openid: 'unit-ghost-1', name: '某人', role: 'unit_handler', unitCode: 'NO-SUCH' } });
    expect(res.body).toMatchObject({ error: { code: 'UNIT_UNKNOWN' } });
    const noUnit = await w.api.call('POST', '/api/v1/admin/staff', { token: w.admin.token, body: { openid: 'unit-ghost-2', name: '某人', role: 'unit_handler' } });
    expect(noUnit.status).toBe(400);
  });
});
