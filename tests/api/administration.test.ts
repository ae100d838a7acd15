import type { Session } from '../support/api';
import { eventually } from '../support/eventually';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

// The administration section's API: staff (list, re-scope, disable, hand over), API keys with last use, the grid
// preview, and the administration log that records every change with the state before and after.
const db = useTestDb();
let server: TestServer;
let w: World;
let leader: Session;

interface Member {
  id: string;
  role: string;
  name: string | null;
  phone: string | null;
  gridCodes: string[];
  disabled: boolean;
  openReports: number;
}
interface Failure {
  error: { code: string; message: string };
}

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  leader = await w.staff('demo-leader-DS-A1-C1');
});
afterAll(() => server.close());

const staffList = async (token: string) => (await w.api.call<{ items: Member[] }>('GET', '/api/v1/admin/staff', { token })).body.items;
const idOf = async (openid: string) => String((await db.models.User.findOne({ openid }).lean())!._id);
const patch = (token: string, id: string, body: unknown) => w.api.call<Member & Failure>('PATCH', `/api/v1/admin/staff/${id}`, { token, body });
const handOver = (token: string, id: string, body: unknown) =>
  w.api.call<{ moved: number; failed: { no: string }[]; disabled: boolean } & Failure>('POST', `/api/v1/admin/staff/${id}/hand-over`, { token, body });
const logOf = async (action: string) => (await db.models.AdminLog.find({ action }).sort({ _id: -1 }).lean()) as unknown as { subject: string; actorRole: string; before: unknown; after: unknown }[];

describe('staff administration', () => {
  it('lists every staff account for an admin, and for a leader only the grid workers inside their grids', async () => {
    const all = await staffList(w.admin.token);
    const mine = await staffList(leader.token);

    expect(new Set(all.map((m) => m.role))).toEqual(new Set(['grid_worker', 'grid_leader', 'dispatcher', 'admin']));
    expect(mine.length).toBe(9);
    expect(mine.every((m) => m.role === 'grid_worker' && m.gridCodes.every((c) => c.startsWith('DS-A1-C1-')))).toBe(true);
  });

  it('re-scopes a worker to another grid, records before and after, and makes them one of that grid’s workers', async () => {
    const id = await idOf('demo-worker-DS-A1-C1-G2-police');
    const res = await patch(w.admin.token, id, { gridCodes: ['DS-A2-C2-G3'] });

    expect(res.status).toBe(200);
    expect(res.body.gridCodes).toEqual(['DS-A2-C2-G3']);
    const entry = (await logOf('staff.update')).find((e) => e.subject === id)!;
    expect(entry).toMatchObject({ actorRole: 'admin', before: { gridCodes: ['DS-A1-C1-G2'] }, after: { gridCodes: ['DS-A2-C2-G3'] } });
    // Routing reads the directory: the re-scoped worker is now one of that grid's police workers.
    const candidates = await db.models.User.find({ role: 'grid_worker', gridCodes: 'DS-A2-C2-G3', specialty: 'police' }).lean();
    expect(candidates.map((c) => String(c._id))).toContain(id);
  });

  it("refuses a leader's change outside their grids with a clear error and changes nothing", async () => {
    const mineId = await idOf('demo-worker-DS-A1-C1-G1-social');
    const otherId = await idOf('demo-worker-DS-A2-C1-G1-social');
    const before = await db.models.User.findById(mineId).lean();

    const outward = await patch(leader.token, mineId, { gridCodes: ['DS-A2-C1-G1'] });
    const foreign = await patch(leader.token, otherId, { name: '改名' });
    const dispatcherTry = await patch(w.dispatcher.token, mineId, { name: '改名' });

    expect(outward.status).toBe(403);
    expect(outward.body.error.code).toBe('STAFF_OUT_OF_SCOPE');
    expect(foreign.status).toBe(404);
    expect(dispatcherTry.status).toBe(403);
    expect((await db.models.User.findById(mineId).lean())!.gridCodes).toEqual(before!.gridCodes);
    expect((await db.models.User.findById(otherId).lean())!.name).not.toBe('改名');
  });

  it('refuses to disable a worker who holds reports, then hands them over and disables the account in one action', async () => {
    const leaving = await w.staff('demo-worker-DS-A1-C2-G1-urban');
    const taker = await idOf('demo-worker-DS-A1-C2-G2-urban');
    const resident = await w.resident();
    const first = await w.api.submit(resident.token, reportAt('DS-A1-C2-G1'));
    const second = await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { description: '另一盏路灯也坏了' }));
    expect(String((await db.models.Report.findById(first.body.id).lean())!.assigneeId)).toBe(leaving.user.id);
    await w.api.call('POST', `/api/v1/reports/${second.body.id}/actions`, { token: leaving.token, body: { action: 'accept' } });

    const refused = await patch(w.admin.token, leaving.user.id, { disabled: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'STAFF_HAS_OPEN_REPORTS', message: expect.stringContaining('2 件') });

    // A taker outside the grid is refused before anything moves.
    const wrongTaker = await handOver(w.admin.token, leaving.user.id, { toUserId: await idOf('demo-dispatcher'), disable: true });
    expect(wrongTaker.status).toBe(400);
    expect(wrongTaker.body.error.code).toBe('HAND_OVER_TARGET_INVALID');
    expect(String((await db.models.Report.findById(first.body.id).lean())!.assigneeId)).toBe(leaving.user.id);

    // The taker works a neighbouring grid: the street's leader re-scopes them first, then hands over.
    await patch(w.admin.token, taker, { gridCodes: ['DS-A1-C2-G2', 'DS-A1-C2-G1'] });
    const done = await handOver(w.admin.token, leaving.user.id, { toUserId: taker, disable: true });

    expect(done.status).toBe(200);
    expect(done.body).toEqual({ moved: 2, failed: [], disabled: true });
    for (const id of [first.body.id, second.body.id]) {
      const r = (await db.models.Report.findById(id).lean())!;
      expect(String(r.assigneeId)).toBe(taker);
      expect(r.status).toBe('assigned');
      expect(r.timeline.at(-1)).toMatchObject({ action: 'reassign', note: expect.stringContaining('工作交接') });
    }
    // The leaving account can no longer sign in or use its old token, and gets no new reports.
    const login = await w.api.call<Failure>('POST', '/api/v1/auth/dev', { body: { openid: 'demo-worker-DS-A1-C2-G1-urban', role: 'grid_worker' } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');
    await eventually(async () => (await w.api.call('GET', '/api/v1/me', { token: leaving.token })).status === 401, 'the old token refused');
    const next = await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { description: '第三盏路灯' }));
    expect(String((await db.models.Report.findById(next.body.id).lean())!.assigneeId)).not.toBe(leaving.user.id);
    const entry = (await logOf('staff.hand_over')).find((e) => e.subject === leaving.user.id)!;
    expect(entry.after).toMatchObject({ toUserId: taker, moved: 2, disabled: true });

    // Enabled again, they can sign in.
    expect((await patch(w.admin.token, leaving.user.id, { disabled: false })).body.disabled).toBe(false);
    expect((await w.api.call('POST', '/api/v1/auth/dev', { body: { openid: 'demo-worker-DS-A1-C2-G1-urban', role: 'grid_worker' } })).status).toBe(200);
    expect((await logOf('staff.enable'))[0]!.subject).toBe(leaving.user.id);
  });

  it('refuses nonsense with 400 and an unknown id with 404, changing nothing', async () => {
    const id = await idOf('demo-worker-DS-A1-C1-G3-social');
    const before = await db.models.User.findById(id).lean();

    const empty = await patch(w.admin.token, id, {});
    const unknownGrid = await patch(w.admin.token, id, { gridCodes: ['NOPE'] });
    const extra = await patch(w.admin.token, id, { role: 'admin' });
    const missing = await patch(w.admin.token, '0123456789abcdef01234567', { name: '谁' });
    const self = await patch(w.admin.token, w.admin.user.id, { disabled: true });

    expect([empty.status, unknownGrid.status, extra.status, missing.status, self.status]).toEqual([400, 400, 400, 404, 409]);
    expect(unknownGrid.body.error.code).toBe('GRID_UNKNOWN');
    expect(self.body.error.code).toBe('CANNOT_DISABLE_SELF');
    const after = await db.models.User.findById(id).lean();
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
  });
});

describe('API keys', () => {
  it('lists keys with when each was last used, never the key, and a revoked key is refused at once', async () => {
    const issued = await w.api.call<{ id: string; apiKey: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '市民热线App' } });
    const use = () => fetch(`${server.url}/open311/v2/requests/000000000000000000000000.json?api_key=${issued.body.apiKey}`);
    expect((await use()).status).toBe(404);

    const listed = await eventually(async () => {
      const items = (await w.api.call<{ items: { id: string; lastUsedAt: string | null }[] }>('GET', '/api/v1/admin/api-keys', { token: w.admin.token })).body.items;
      const mine = items.find((k) => k.id === issued.body.id);
      return mine?.lastUsedAt ? { items, mine } : null;
    }, 'the key’s last use recorded');
    expect(JSON.stringify(listed.items)).not.toContain(issued.body.apiKey);
    expect(new Date(listed.mine.lastUsedAt!).getTime()).toBeLessThanOrEqual(Date.now());

    const revoked = await w.api.call<{ revokedAt: string | null }>('DELETE', `/api/v1/admin/api-keys/${issued.body.id}`, { token: w.admin.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await use()).status).toBe(403);
    const again = await w.api.call<{ revokedAt: string }>('DELETE', `/api/v1/admin/api-keys/${issued.body.id}`, { token: w.admin.token });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await logOf('api_key.revoke')).filter((e) => e.subject === issued.body.id)).toHaveLength(1);
    expect((await w.api.call('DELETE', '/api/v1/admin/api-keys/0123456789abcdef01234567', { token: w.admin.token })).status).toBe(404);
  });
});

describe('grid preview', () => {
  const square = (x: number, size = 0.01) => [[[x, 31], [x + size, 31], [x + size, 31 + size], [x, 31 + size], [x, 31]]];

  it('names each feature new, changed or invalid with its problems, and writes nothing', async () => {
    const before = await db.models.Grid.countDocuments();
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'DS-A1-C1-G1', name: '吉庆社区第一网格（新边界）', level: 'grid', parentCode: 'DS-A1-C1' }, geometry: { type: 'Polygon', coordinates: square(118.66) } },
        { type: 'Feature', properties: { code: 'PV', name: '预览街道', level: 'street' }, geometry: { type: 'Polygon', coordinates: square(101, 0.1) } },
        { type: 'Feature', properties: { code: 'PV-G1', name: '缺上级', level: 'grid' }, geometry: { type: 'Polygon', coordinates: square(101) } },
        { type: 'Feature', properties: { code: 'PV-G2', name: '', level: 'floor', parentCode: 'PV' }, geometry: { type: 'Polygon', coordinates: square(101.02) } },
      ],
    };

    const res = await w.api.call<{ valid: boolean; created: number; updated: number; features: { code: string; change: string; problems: string[] }[] }>('POST', '/api/v1/admin/grids/preview', {
      token: w.admin.token,
      body: file,
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, created: 1, updated: 1 });
    expect(res.body.features.map((f) => [f.code, f.change])).toEqual([
      ['DS-A1-C1-G1', 'update'],
      ['PV', 'create'],
      ['PV-G1', 'invalid'],
      ['PV-G2', 'invalid'],
    ]);
    expect(res.body.features[2]!.problems.join()).toContain('parentCode');
    expect(res.body.features[3]!.problems.join()).toContain('层级 level');
    expect(await db.models.Grid.countDocuments()).toBe(before);
    expect((await db.models.Grid.findOne({ code: 'DS-A1-C1-G1' }).lean())!.name).toBe('吉庆社区第一网格');
  });
});

describe('the administration log', () => {
  it('records category, calendar, unit and grid changes with who made them and the state before and after, newest first', async () => {
    const category = await w.api.call<{ slaHours: number }>('GET', '/api/v1/admin/categories', { token: w.admin.token });
    expect(category.status).toBe(200);
    await w.api.call('PUT', '/api/v1/admin/categories/noise', { token: w.admin.token, body: { name: '噪音扰民（夜间）' } });
    await w.api.call('PUT', '/api/v1/admin/work-calendar', { token: w.admin.token, body: { holidays: ['2027-01-01'], workdays: ['2027-01-09'] } });
    await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body: { code: 'LOG-UNIT', name: '日志测试物业', kind: 'property', gridCodes: ['DS-A1-C1'] } });

    const page = await w.api.call<{ items: { action: string; actorName: string | null; before: unknown; after: unknown }[]; nextCursor: string | null }>('GET', '/api/v1/admin/log?limit=3', { token: w.admin.token });

    expect(page.body.items.map((e) => e.action)).toEqual(['unit.create', 'work_calendar.update', 'category.update']);
    expect(page.body.items[0]).toMatchObject({ actorName: '管理员', before: null, after: { code: 'LOG-UNIT', name: '日志测试物业' } });
    expect(page.body.items[1]!.after).toMatchObject({ holidays: ['2027-01-01'] });
    expect(page.body.items[2]).toMatchObject({ before: { name: '噪音扰民' }, after: { name: '噪音扰民（夜间）' } });
    const older = await w.api.call<{ items: { action: string }[] }>('GET', `/api/v1/admin/log?limit=200&before=${page.body.nextCursor}`, { token: w.admin.token });
    expect(older.body.items.map((e) => e.action)).toContain('grids.import');
    const onlyStaff = await w.api.call<{ items: { action: string }[] }>('GET', '/api/v1/admin/log?action=staff.', { token: w.admin.token });
    expect(onlyStaff.body.items.length).toBeGreaterThan(0);
    expect(onlyStaff.body.items.every((e) => e.action.startsWith('staff.'))).toBe(true);
  });
});
