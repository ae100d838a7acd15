import { Api, type Session } from '../support/api';
import { useTestDb } from '../support/db';
import { fakeOpenid } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const db = useTestDb();
let server: TestServer;
let api: Api;
let admin: Session;
let resident: Session;

const box = (x: number, y: number, w: number, h: number) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
const f = (code: string, level: string, parentCode: string | null, coordinates: unknown) => ({
  type: 'Feature',
  properties: { code, name: `${code}名`, level, ...(parentCode ? { parentCode } : {}) },
  geometry: { type: 'Polygon', coordinates },
});

// A street (0..4 × 0..2) with one community and two grids; G2 has no police worker, G1 has two urban workers.
const layout = [
  f('T', 'street', null, box(0, 0, 4, 2)),
  f('T-A', 'area', 'T', box(0, 0, 4, 2)),
  f('T-C', 'community', 'T-A', box(0, 0, 4, 2)),
  f('T-G1', 'grid', 'T-C', box(0, 0, 2, 2)),
  f('T-G2', 'grid', 'T-C', box(2, 0, 2, 2)),
];
const staff = [
  { openid: 'route-urban-a', name: '城甲', role: 'grid_worker', specialty: 'urban', gridCodes: ['T-G1'] },
  { openid: 'route-urban-b', name: '城乙', role: 'grid_worker', specialty: 'urban', gridCodes: ['T-G1'] },
  { openid: 'route-police-1', name: '警一', role: 'grid_worker', specialty: 'police', gridCodes: ['T-G1'] },
  { openid: 'route-social-2', name: '社二', role: 'grid_worker', specialty: 'social', gridCodes: ['T-G2'] },
  { openid: 'route-leader-c', name: '社区网格长', role: 'grid_leader', gridCodes: ['T-C'] },
];
let ids: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer(db);
  api = new Api(server.url);
  admin = await api.login(fakeOpenid('admin'), 'admin');
  await api.call('POST', '/api/v1/admin/grids/import', { token: admin.token, body: { type: 'FeatureCollection', features: layout } });
  const saved = await api.call<{ users: { id: string; name: string }[] }>('POST', '/api/v1/admin/staff', { token: admin.token, body: { staff } });
  ids = Object.fromEntries(saved.body.users.map((u) => [u.name!, u.id]));
  resident = await api.login(fakeOpenid('r'), 'resident', { name: '报事人' });
});
afterAll(() => server.close());

const at = (lng: number, lat: number, categoryCode: string) => ({ categoryCode, description: '测试问题', location: { lng, lat } });
const assigneeOf = async (reportId: string) => String((await db.models.Report.findById(reportId).lean())!.assigneeId);

describe('routing a new report', () => {
  it('sends it to a worker of the category’s specialty in the deepest grid containing the point', async () => {
    const res = await api.submit(resident.token, at(1, 1, 'noise'));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'assigned', gridCode: 'T-G1', specialty: 'police', assignee: { role: 'grid_worker' } });
    expect(await assigneeOf(res.body.id)).toBe(ids['警一']);
    expect(res.body.grids.map((g) => g.code)).toEqual(['T-G1', 'T-C', 'T-A', 'T']);
    expect(res.body.timeline.map((t) => [t.action, t.to])).toEqual([
      ['submit', 'submitted'],
      ['route', 'assigned'],
    ]);
    expect(res.body.timeline[1]!.note).toContain('警格员');
  });

  it('sends it to the grid leader when the grid has no worker of that specialty', async () => {
    const res = await api.submit(resident.token, at(3, 1, 'public_security'));

    expect(res.body).toMatchObject({ status: 'assigned', gridCode: 'T-G2', assignee: { role: 'grid_leader' } });
    expect(await assigneeOf(res.body.id)).toBe(ids['社区网格长']);
    expect(res.body.timeline[1]!.note).toContain('网格长');
  });

  it('leaves it unassigned in the dispatcher’s queue when the point is in no grid', async () => {
    const res = await api.submit(resident.token, at(50, 50, 'street_light'));

    expect(res.body).toMatchObject({ status: 'submitted', gridCode: null, grids: [], assignee: null, signBy: null });
    expect(res.body.timeline[1]).toMatchObject({ action: 'route', to: 'submitted', note: expect.stringContaining('街道指挥中心') });
  });

  it('balances load: each new report goes to the worker with the fewest open reports', async () => {
    const first = await api.submit(resident.token, at(0.5, 0.5, 'street_light'));
    const second = await api.submit(resident.token, at(0.5, 0.5, 'street_light'));
    const third = await api.submit(resident.token, at(0.5, 0.5, 'street_light'));

    const [a, b, c] = await Promise.all([first, second, third].map((r) => assigneeOf(r.body.id)));
    expect(new Set([a, b])).toEqual(new Set([ids['城甲'], ids['城乙']]));
    // With one open report each, the tie goes to whoever has waited longest: the first one assigned.
    expect(c).toBe(a);
  });

  it('sets SLA deadlines from the category: sign and resolve hours after dispatch', async () => {
    const res = await api.submit(resident.token, at(1, 1, 'road_manhole'));

    const created = new Date(res.body.timeline[1]!.at).getTime();
    expect(new Date(res.body.signBy!).getTime() - created).toBe(2 * 3_600_000);
    expect(new Date(res.body.resolveBy!).getTime() - created).toBe(48 * 3_600_000);
    expect(res.body.overdue).toBe(false);
  });

  it('follows an admin’s edit of a category’s specialty: routing is data', async () => {
    const edit = await api.call('PUT', '/api/v1/admin/categories/greenery', { token: admin.token, body: { specialty: 'social' } });

    const res = await api.submit(resident.token, at(3, 1, 'greenery'));

    expect(edit.status).toBe(200);
    expect(res.body).toMatchObject({ specialty: 'social', gridCode: 'T-G2' });
    expect(await assigneeOf(res.body.id)).toBe(ids['社二']);
  });

  it('refuses an unknown category without creating anything', async () => {
    const before = await db.models.Report.countDocuments();

    const res = await api.submit(resident.token, at(1, 1, 'no_such_thing'));

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'CATEGORY_UNKNOWN' } });
    expect(await db.models.Report.countDocuments()).toBe(before);
  });
});

describe('workload counters', () => {
  it('follow reports through accept, resolve and return, and are repaired from the reports after drift', async () => {
    const { reconcileWorkloads } = await import('../../server/src/modules/reports/workload');
    const officer = ids['警一']!;
    const count = async () => (await db.models.Workload.findById(officer).lean())?.open ?? 0;
    const before = await count();
    const r = await api.submit(resident.token, at(1, 1, 'public_security'));
    const afterSubmit = await count();
    const police = await api.login('route-police-1', 'grid_worker', { name: '警一', specialty: 'police', gridCodes: ['T-G1'] });
    await api.act(police.token, r.body.id, { action: 'accept' });
    await api.act(police.token, r.body.id, { action: 'resolve', note: '已排除隐患' });
    const afterResolve = await count();

    await db.models.Workload.updateOne({ _id: officer }, { $set: { open: 99 } });
    const repaired = await reconcileWorkloads(db.models);

    expect(afterSubmit).toBe(before + 1);
    expect(afterResolve).toBe(before);
    expect(repaired).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(await db.models.Report.countDocuments({ assigneeId: officer, status: { $in: ['assigned', 'accepted'] } }));
  });
});
