import type { StatsOverview, StatsTrend } from '@linli/shared';
import { Types } from 'mongoose';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { buildReportDoc } from '../support/factories';
import { rebuildTallies } from '../../server/src/modules/stats/recount';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let leaderC2: Session;

const bj = (s: string) => new Date(`${s}+08:00`);
const G1 = { gridCode: 'DS-A1-C1-G1', gridPath: ['DS', 'DS-A1', 'DS-A1-C1', 'DS-A1-C1-G1'], location: centreOf('DS-A1-C1-G1') };
const G2 = { gridCode: 'DS-A1-C2-G1', gridPath: ['DS', 'DS-A1', 'DS-A1-C2', 'DS-A1-C2-G1'], location: centreOf('DS-A1-C2-G1') };
const ids: Record<string, string> = {};

// Hand-computed below: seven reports, "now" is 2026-11-27 12:00 Beijing time.
beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  leaderC2 = await w.staff('demo-leader-DS-A1-C2');
  server.clock.setTo(bj('2026-11-27T12:00:00'));
  const r1 = buildReportDoc({ ...G1, categoryCode: 'street_light', status: 'assigned', createdAt: bj('2026-11-27T09:00:00'), assignedAt: bj('2026-11-27T09:00:00'), signBy: bj('2026-11-28T09:00:00'), resolveBy: bj('2026-11-30T09:00:00'), followerIds: [new Types.ObjectId(), new Types.ObjectId()] });
  const fixtures = {
    r1,
    r2: buildReportDoc({ ...G1, categoryCode: 'noise', specialty: 'police', status: 'accepted', createdAt: bj('2026-11-26T10:00:00'), assignedAt: bj('2026-11-26T10:00:00'), signBy: bj('2026-11-26T12:00:00'), acceptedAt: bj('2026-11-26T11:00:00'), resolveBy: bj('2026-11-27T10:00:00') }),
    r3: buildReportDoc({ ...G2, categoryCode: 'noise', specialty: 'police', status: 'closed', createdAt: bj('2026-11-25T10:00:00'), assignedAt: bj('2026-11-25T10:00:00'), signBy: bj('2026-11-25T12:00:00'), acceptedAt: bj('2026-11-25T13:00:00'), resolveBy: bj('2026-11-26T10:00:00'), resolvedAt: bj('2026-11-25T20:00:00'), closedAt: bj('2026-11-25T21:00:00'), ratings: [{ round: 1, score: 4, tags: [], at: bj('2026-11-25T21:00:00') }] }),
    r4: buildReportDoc({ ...G2, categoryCode: 'sanitation', status: 'assigned', round: 2, escalationLevel: 1, createdAt: bj('2026-11-20T08:00:00'), assignedAt: bj('2026-11-22T09:00:00'), signBy: bj('2026-11-22T17:00:00'), resolveBy: bj('2026-11-23T08:00:00'), ratings: [{ round: 1, score: 2, tags: [], at: bj('2026-11-22T09:00:00') }] }),
    r5: buildReportDoc({ ...G1, status: 'closed', createdAt: bj('2026-10-01T10:00:00'), closedAt: bj('2026-10-02T10:00:00') }),
    r6: buildReportDoc({ categoryCode: 'other', specialty: 'social', status: 'submitted', returns: 1, createdAt: bj('2026-11-27T11:00:00'), description: '=HYPERLINK("x")，含逗号' }),
    r7: buildReportDoc({ ...G1, status: 'closed', createdAt: bj('2026-11-27T08:00:00'), assignedAt: bj('2026-11-27T08:00:00'), closedAt: bj('2026-11-27T08:30:00'), mergedInto: r1._id }),
  };
  for (const [k, doc] of Object.entries(fixtures)) {
    await db.models.Report.collection.insertOne({ ...doc, updatedAt: doc.createdAt } as never);
    ids[k] = String(doc._id);
  }
  // Written beneath the app, so its counters are rebuilt from the reports as a migration would.
  await rebuildTallies(db.models, 480);
});
afterAll(() => server.close());

const get = <T>(path: string, token = w.dispatcher.token) => w.api.call<T>('GET', `/api/v1/stats${path}`, { token });

describe('GET /api/v1/stats/overview', () => {
  it('matches the hand-computed numbers for the last 30 days', async () => {
    const res = await get<StatsOverview>('/overview');

    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({ from: '2026-10-29', to: '2026-11-27' });
    expect(res.body.total).toBe(6);
    expect(res.body.byStatus).toEqual({ submitted: 1, assigned: 2, accepted: 1, resolved: 0, verifying: 0, closed: 2 });
    expect(res.body.byCategory).toEqual([
      { code: 'street_light', name: '路灯照明', count: 2 },
      { code: 'noise', name: '噪音扰民', count: 2 },
      { code: 'sanitation', name: '环境卫生', count: 1 },
      { code: 'other', name: '其他', count: 1 },
    ]);
    expect(res.body.byGrid).toEqual([
      { code: 'DS-A1-C1-G1', name: '吉庆社区第一网格', count: 3, open: 2 },
      { code: 'DS-A1-C2-G1', name: expect.any(String), count: 2, open: 1 },
      { code: '', name: '未入网格', count: 1, open: 1 },
    ]);
    expect(res.body.today).toEqual({ new: 3, overdue: 2, escalated: 1 });
    expect(res.body.rates).toEqual({
      response: { numerator: 1, denominator: 3, value: 0.3333 },
      onTime: { numerator: 1, denominator: 3, value: 0.3333 },
      satisfaction: { numerator: 1, denominator: 2, value: 0.5 },
      returns: { numerator: 1, denominator: 6, value: 0.1667 },
    });
    expect(res.body.repeats).toEqual({ merged: 1, joined: 2 });
  });

  it('narrows to a window, a grid subtree or a category', async () => {
    expect((await get<StatsOverview>('/overview?from=2026-11-27&to=2026-11-27')).body.total).toBe(3);
    expect((await get<StatsOverview>('/overview?gridCode=DS-A1-C2')).body.total).toBe(2);
    expect((await get<StatsOverview>('/overview?categoryCode=noise')).body.byStatus).toMatchObject({ accepted: 1, closed: 1 });
  });

  it('shows a community leader only their subtree, and nobody but staff anything', async () => {
    expect((await get<StatsOverview>('/overview', leaderC2.token)).body.total).toBe(2);
    const resident = await w.resident();
    const worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
    expect((await get('/overview', resident.token)).status).toBe(403);
    expect((await get('/overview', worker.token)).status).toBe(403);
    expect((await w.api.call('GET', '/api/v1/stats/overview')).status).toBe(401);
  });

  it('rejects a malformed filter in words', async () => {
    const res = await get('/overview?from=yesterday&status[$ne]=x');
    expect(res.status).toBe(400);
  });

  it.each([
    ['a month that does not exist', '/overview?from=2026-13-45'],
    ['a day the month does not have', '/reports?to=2026-02-30'],
    ['a window that ends before it starts', '/overview?from=2026-11-27&to=2026-11-01'],
    ['the same in the CSV export', '/reports.csv?from=2026-00-10'],
  ])('refuses %s with 400 in words', async (_what, path) => {
    const res = await get(path);

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/日期/);
  });
});

describe('GET /api/v1/stats/trends', () => {
  it('counts filed, resolved, closed and missed deadlines per local day', async () => {
    const { body } = await get<StatsTrend>('/trends?days=7');
    const day = (d: string) => body.days.find((x) => x.date === d);

    expect(body.days.map((d) => d.date)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(day('2026-11-27')).toEqual({ date: '2026-11-27', new: 3, resolved: 0, closed: 1, late: 1 });
    expect(day('2026-11-25')).toEqual({ date: '2026-11-25', new: 1, resolved: 1, closed: 1, late: 1 });
    expect(day('2026-11-22')).toMatchObject({ late: 1 });
    expect(day('2026-11-23')).toMatchObject({ late: 1 });
  });
});

describe('the report table and its CSV', () => {
  it('filters by status and by overdue, and pages on the server', async () => {
    const assigned = await get<{ items: { id: string }[]; total: number }>('/reports?status=assigned');
    expect(assigned.body.items.map((r) => r.id)).toEqual([ids.r1, ids.r4]);
    const late = await get<{ items: { id: string; overdue: boolean }[] }>('/reports?overdue=true');
    expect(late.body.items.map((r) => r.id).sort()).toEqual([ids.r2, ids.r4].sort());
    const page2 = await get<{ items: { id: string }[]; total: number; page: number }>('/reports?pageSize=4&page=2');
    expect(page2.body).toMatchObject({ total: 6, page: 2 });
    expect(page2.body.items).toHaveLength(2);
  });

  it('exports every matching row as CSV with a BOM, quoted cells and formulas defused', async () => {
    const res = await fetch(`${server.url}/api/v1/stats/reports.csv`, { headers: { authorization: `Bearer ${w.dispatcher.token}` } });
    const text = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('linli-reports-2026-10-29-2026-11-27.csv');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('编号,提交时间,状态,类别,网格,渠道,承办人,签收时限,办结时限,超时,督办,评分,描述');
    expect(lines).toHaveLength(7);
    expect(text).toContain(`"'=HYPERLINK(""x"")，含逗号"`);
    expect((await fetch(`${server.url}/api/v1/stats/reports.csv`, { headers: { authorization: `Bearer ${(await w.resident()).token}` } })).status).toBe(403);
  });
});

describe('GET /api/v1/stats/map', () => {
  it('gives the grid boundaries and the open reports as points', async () => {
    const { body } = await get<{ grids: { code: string; geometry: { type: string } }[]; reports: { id: string; overdue: boolean }[] }>('/map');

    expect(body.grids.length).toBeGreaterThanOrEqual(12);
    expect(body.grids[0]!.geometry.type).toMatch(/Polygon/);
    expect(body.reports.map((r) => r.id).sort()).toEqual([ids.r1, ids.r2, ids.r4, ids.r6].sort());
    expect(body.reports.find((r) => r.id === ids.r2)!.overdue).toBe(true);
  });
});
