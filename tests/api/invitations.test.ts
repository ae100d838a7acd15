import type { z } from 'zod';
import type { authResultSchema } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, type World } from '../support/world';

// Staff join by invitation: an admin (or a leader, for their own grids) makes a one-time code; a WeChat account that
// signed in as a resident redeems it and becomes that staff account.
const db = useTestDb();
let server: TestServer;
let w: World;

const ring = (x: number, y: number, size: number) => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];
const newStreet = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { code: 'INV', name: '邀请街道', level: 'street' }, geometry: { type: 'Polygon', coordinates: ring(100, 10, 0.1) } },
    { type: 'Feature', properties: { code: 'INV-G1', name: '邀请一网格', level: 'grid', parentCode: 'INV' }, geometry: { type: 'Polygon', coordinates: ring(100, 10, 0.05) } },
  ],
};

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  expect((await w.api.call('POST', '/api/v1/admin/grids/import', { token: w.admin.token, body: newStreet })).status).toBe(200);
});
afterAll(() => server.close());

interface Created {
  id: string;
  code: string;
  path: string;
  status: string;
  phone: string | null;
}
const invite = (token: string, body: Record<string, unknown>) => w.api.call<Created & { error?: { code: string } }>('POST', '/api/v1/admin/invitations', { token, body });
type AuthResult = z.infer<typeof authResultSchema>;
const bind = (token: string | undefined, code: string) => w.api.call<AuthResult & { error?: { code: string; message: string } }>('POST', '/api/v1/auth/bind', { token, body: { code } });
const worker = { role: 'grid_worker', name: '新网格员', phone: '13812345678', gridCodes: ['INV-G1'], specialty: 'urban' };
const userOf = async (s: Session) => (await db.models.User.findById(s.user.id).lean())!;

describe('staff invitations', () => {
  it('turns a resident’s WeChat account into the invited grid worker, who then receives the next report in the grid', async () => {
    const made = await invite(w.admin.token, worker);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'pending', code: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/), path: expect.stringMatching(/^pages\/me\/index\?invite=/), phone: '138****5678' });
    const newcomer = await w.resident('新来的');

    const bound = await bind(newcomer.token, made.body.code.toLowerCase());

    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ id: newcomer.user.id, role: 'grid_worker', name: '新网格员', gridCodes: ['INV-G1'], specialty: 'urban' });
    // The grid's only worker now, and signed in as staff with the new token.
    const resident = await w.resident();
    const report = await w.api.submit(resident.token, { categoryCode: 'street_light', description: '新网格的路灯不亮', location: { lng: 100.025, lat: 10.025 } });
    expect(report.body).toMatchObject({ gridCode: 'INV-G1', status: 'assigned' });
    expect(String((await db.models.Report.findById(report.body.id).lean())!.assigneeId)).toBe(newcomer.user.id);
    const list = await w.api.call<{ items: { id: string }[] }>('GET', '/api/v1/reports?status=assigned', { token: bound.body.token });
    expect(list.body.items.map((r) => r.id)).toContain(report.body.id);
    const logged = await db.models.AdminLog.find({ subject: made.body.id }).lean();
    expect(logged.map((l) => l.action)).toEqual(['invitation.create', 'invitation.redeem']);
  });

  it('keeps only a keyed hash of the code: the code is not in the database', async () => {
    const made = await invite(w.admin.token, worker);
    const raw = made.body.code.replace('-', '');

    const stored = await db.models.Invitation.findById(made.body.id).lean();
    expect(stored).toBeTruthy();
    expect(JSON.stringify(stored)).not.toContain(raw);
    expect(made.body.id).not.toContain(raw);
  });

  it('refuses a used, unknown, revoked or expired code with a clear error, and changes nothing', async () => {
    const used = await invite(w.admin.token, worker);
    await bind((await w.resident()).token, used.body.code);
    const revoked = await invite(w.admin.token, worker);
    expect((await w.api.call('DELETE', `/api/v1/admin/invitations/${revoked.body.id}`, { token: w.admin.token })).status).toBe(200);
    const expired = await invite(w.admin.token, { ...worker, expiresInHours: 1 });
    await db.models.Invitation.updateOne({ _id: expired.body.id }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    const cases: [string, string, number, string][] = [
      ['used', used.body.code, 409, 'INVITATION_USED'],
      ['unknown', 'ABCD-EFGH', 404, 'INVITATION_NOT_FOUND'],
      ['revoked', revoked.body.code, 410, 'INVITATION_REVOKED'],
      ['expired', expired.body.code, 410, 'INVITATION_EXPIRED'],
    ];

    for (const [what, code, status, errorCode] of cases) {
      const someone = await w.resident(`试${what}`);
      const res = await bind(someone.token, code);
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status, code: errorCode });
      expect(res.body.error!.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await userOf(someone)).toMatchObject({ role: 'resident', gridCodes: [] });
    }
  });

  it('refuses a malformed code before looking anything up, and an account that is already staff', async () => {
    const someone = await w.resident();
    expect((await bind(someone.token, '12')).status).toBe(400);
    expect((await bind(someone.token, 'IIII-OOOO')).status).toBe(400);
    const made = await invite(w.admin.token, worker);
    const staff = await w.staff('demo-worker-DS-A1-C1-G1-urban');

    const res = await bind(staff.token, made.body.code);

    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'ALREADY_STAFF' });
    expect((await db.models.Invitation.findById(made.body.id).lean())!.usedAt).toBeNull();
  });

  it('lets one account win when two redeem the same code at once', async () => {
    const made = await invite(w.admin.token, worker);
    const [a, b] = [await w.resident('甲'), await w.resident('乙')];

    const results = await Promise.all([bind(a.token, made.body.code), bind(b.token, made.body.code)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const roles = [(await userOf(a)).role, (await userOf(b)).role].sort();
    expect(roles).toEqual(['grid_worker', 'resident']);
  });

  it('slows down guessing: after five wrong codes an account is told to wait', async () => {
    const guesser = await w.resident('猜码的人');
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await bind(guesser.token, `ZZZZ-ZZZ${'23456789'[i]}`)).status);

    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
  });
});

describe('who may invite whom', () => {
  it('lets a grid leader invite grid workers inside their own grids only', async () => {
    const leader = await w.staff('demo-leader-DS-A1-C1');

    expect((await invite(leader.token, { ...worker, gridCodes: ['DS-A1-C1-G2'] })).status).toBe(201);
    const outside = await invite(leader.token, { ...worker, gridCodes: ['DS-A2-C1-G1'] });
    expect({ status: outside.status, code: outside.body.error?.code }).toEqual({ status: 403, code: 'INVITATION_OUT_OF_SCOPE' });
    expect((await invite(leader.token, { role: 'admin', name: '想当管理员' })).status).toBe(403);
    expect((await invite(leader.token, { role: 'dispatcher', name: '值班员', gridCodes: ['DS-A1-C1'] })).status).toBe(403);
  });

  it('shows an admin every invitation and a leader only their own, and lets a leader revoke only their own', async () => {
    const leader = await w.staff('demo-leader-DS-A1-C1');
    const theirs = await invite(leader.token, { ...worker, name: '网格长邀请的', gridCodes: ['DS-A1-C1-G3'] });
    const adminsOwn = await invite(w.admin.token, { ...worker, name: '管理员邀请的' });

    const seenByLeader = await w.api.call<{ items: { id: string; name: string }[] }>('GET', '/api/v1/admin/invitations', { token: leader.token });
    const seenByAdmin = await w.api.call<{ items: { id: string }[] }>('GET', '/api/v1/admin/invitations', { token: w.admin.token });

    expect(seenByLeader.body.items.map((i) => i.id)).toContain(theirs.body.id);
    expect(seenByLeader.body.items.map((i) => i.id)).not.toContain(adminsOwn.body.id);
    expect(seenByAdmin.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([theirs.body.id, adminsOwn.body.id]));
    expect((await w.api.call('DELETE', `/api/v1/admin/invitations/${adminsOwn.body.id}`, { token: leader.token })).status).toBe(404);
    expect((await w.api.call('DELETE', `/api/v1/admin/invitations/${theirs.body.id}`, { token: leader.token })).status).toBe(200);
  });

  it('keeps residents, workers and the anonymous out, and refuses unknown grids and units', async () => {
    const resident = await w.resident();
    const gridWorker = await w.staff('demo-worker-DS-A1-C1-G1-urban');

    expect((await invite(resident.token, worker)).status).toBe(403);
    expect((await invite(gridWorker.token, worker)).status).toBe(403);
    expect((await w.api.call('POST', '/api/v1/admin/invitations', { body: worker })).status).toBe(401);
    expect((await w.api.call('GET', '/api/v1/admin/invitations', { token: resident.token })).status).toBe(403);
    expect((await bind(undefined, 'ABCD-EFGH')).status).toBe(401);
    const badGrid = await invite(w.admin.token, { ...worker, gridCodes: ['NOPE'] });
    expect({ status: badGrid.status, code: badGrid.body.error?.code }).toEqual({ status: 400, code: 'GRID_UNKNOWN' });
    const badUnit = await invite(w.admin.token, { role: 'unit_handler', name: '单位人员', unitCode: 'NO-UNIT' });
    expect({ status: badUnit.status, code: badUnit.body.error?.code }).toEqual({ status: 400, code: 'UNIT_UNKNOWN' });
    expect((await invite(w.admin.token, { role: 'grid_worker', name: '没网格' })).status).toBe(400);
  });

  it('refuses binding by phone where the account may not read verified numbers, and says to use the code', async () => {
    const resident = await w.resident();

    const res = await w.api.call<{ error: { code: string; message: string } }>('POST', '/api/v1/auth/bind', { token: resident.token, body: { phoneCode: 'pc_anything' } });

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'PHONE_BINDING_OFF', message: expect.stringContaining('邀请码') });
    expect((await db.models.User.findById(resident.user.id).lean())!.role).toBe('resident');
  });
});
