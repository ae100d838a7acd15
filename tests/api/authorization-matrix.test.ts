import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
const who: Record<string, Session | null> = {};
let reportId: string;
let photoId: string;

const actors = ['anonymous', 'owner', 'otherResident', 'gridWorker', 'farWorker', 'leader', 'dispatcher', 'admin'] as const;
type Actor = (typeof actors)[number];

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  who.anonymous = null;
  who.owner = await w.resident('报事人');
  who.otherResident = await w.resident('邻居');
  who.gridWorker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
  who.farWorker = await w.staff('demo-worker-DS-A2-C2-G3-urban');
  who.leader = await w.staff('demo-leader-DS-A1-C1');
  who.dispatcher = w.dispatcher;
  who.admin = w.admin;
  photoId = (await w.api.upload(who.owner.token, jpegBytes())).body.id;
  reportId = (await w.api.submit(who.owner.token, reportAt('DS-A1-C1-G1', 'street_light', { photoIds: [photoId] }))).body.id;
});
afterAll(() => server.close());

interface Row {
  name: string;
  call: (token: string | undefined, actor: Actor) => Promise<{ status: number }>;
  expect: Record<Actor, number>;
}

const everyone = (status: number, anonymous = 401) =>
  Object.fromEntries(actors.map((a) => [a, a === 'anonymous' ? anonymous : status])) as Record<Actor, number>;
const adminOnly = (ok: number) => ({ ...everyone(403), admin: ok });
let n = 0;
const far = () => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: `M-${n++}`, name: '矩阵', level: 'street' }, geometry: { type: 'Polygon', coordinates: [[[100, 10], [100.1, 10], [100.1, 10.1], [100, 10.1], [100, 10]]] } }] });

/** A QR sign-in a browser has just asked for. */
const freshCode = async () => (await w.api.call<{ id: string }>('POST', '/api/v1/auth/console-sessions')).body.id;
let dispatcherConsole: string | undefined;
/** The dispatcher's signed-in console, made once. */
async function dispatchersConsole(): Promise<string> {
  if (dispatcherConsole) return dispatcherConsole;
  const asked = (await w.api.call<{ id: string; secret: string }>('POST', '/api/v1/auth/console-sessions')).body;
  await w.api.call('POST', `/api/v1/auth/console-sessions/${asked.id}/confirm`, { token: w.dispatcher.token });
  await w.api.call('GET', `/api/v1/auth/console-sessions/${asked.id}`, { headers: { 'x-console-secret': asked.secret } });
  return (dispatcherConsole = asked.id);
}
const staffId = async (openid: string) => String((await db.models.User.findOne({ openid }).lean())!._id);
const consoleStaff = { ...everyone(403), leader: 200, dispatcher: 200, admin: 200 };

const rows: Row[] = [
  { name: 'POST /api/v1/auth/console-sessions', call: (t) => w.api.call('POST', '/api/v1/auth/console-sessions', { token: t }), expect: everyone(201, 201) },
  { name: 'GET /api/v1/auth/console-sessions/:id/request', call: async (t) => w.api.call('GET', `/api/v1/auth/console-sessions/${await freshCode()}/request`, { token: t }), expect: consoleStaff },
  { name: 'POST /api/v1/auth/console-sessions/:id/confirm', call: async (t) => w.api.call('POST', `/api/v1/auth/console-sessions/${await freshCode()}/confirm`, { token: t }), expect: consoleStaff },
  { name: 'GET /api/v1/auth/console-sessions', call: (t) => w.api.call('GET', '/api/v1/auth/console-sessions', { token: t }), expect: consoleStaff },
  {
    name: "DELETE /api/v1/auth/console-sessions/:id (the dispatcher's console)",
    call: async (t) => w.api.call('DELETE', `/api/v1/auth/console-sessions/${await dispatchersConsole()}`, { token: t }),
    expect: { ...consoleStaff, leader: 404 },
  },
  { name: 'GET /api/v1/me', call: (t) => w.api.call('GET', '/api/v1/me', { token: t }), expect: everyone(200) },
  { name: 'GET /api/v1/categories', call: (t) => w.api.call('GET', '/api/v1/categories', { token: t }), expect: everyone(200, 200) },
  { name: 'GET /api/openapi.json', call: (t) => w.api.call('GET', '/api/openapi.json', { token: t }), expect: everyone(200, 200) },
  { name: 'GET /api/v1/grids/locate', call: (t) => w.api.call('GET', '/api/v1/grids/locate?lng=118.665&lat=32.09', { token: t }), expect: everyone(200) },
  { name: 'GET /api/v1/grids/boundaries', call: (t) => w.api.call('GET', '/api/v1/grids/boundaries?codes=DS-A1-C1-G1', { token: t }), expect: everyone(200) },
  {
    name: 'POST /api/v1/admin/staff',
    call: (t, a) => w.api.call('POST', '/api/v1/admin/staff', { token: t, body: { openid: `matrix_staff_${a}`, name: '新同事', role: 'grid_worker', gridCodes: ['DS-A1-C1-G1'] } }),
    expect: adminOnly(200),
  },
  {
    name: 'POST /api/v1/admin/invitations (a grid worker for DS-A1-C1-G1)',
    call: (t) => w.api.call('POST', '/api/v1/admin/invitations', { token: t, body: { role: 'grid_worker', name: '矩阵', gridCodes: ['DS-A1-C1-G1'] } }),
    expect: { ...everyone(403), leader: 201, admin: 201 },
  },
  { name: 'GET /api/v1/admin/invitations', call: (t) => w.api.call('GET', '/api/v1/admin/invitations', { token: t }), expect: { ...everyone(403), leader: 200, admin: 200 } },
  {
    name: 'POST /api/v1/auth/bind (an unknown code)',
    call: (t) => w.api.call('POST', '/api/v1/auth/bind', { token: t, body: { code: 'ABCD-EFGH' } }),
    expect: { ...everyone(409), owner: 404, otherResident: 404 },
  },
  { name: 'POST /api/v1/admin/grids/import', call: (t) => w.api.call('POST', '/api/v1/admin/grids/import', { token: t, body: far() }), expect: adminOnly(200) },
  { name: 'PUT /api/v1/admin/categories/other', call: (t) => w.api.call('PUT', '/api/v1/admin/categories/other', { token: t, body: { order: 999 } }), expect: adminOnly(200) },
  { name: 'POST /api/v1/admin/api-keys', call: (t) => w.api.call('POST', '/api/v1/admin/api-keys', { token: t, body: { name: '矩阵' } }), expect: adminOnly(201) },
  { name: 'GET /api/v1/admin/staff', call: (t) => w.api.call('GET', '/api/v1/admin/staff', { token: t }), expect: { ...everyone(403), leader: 200, admin: 200 } },
  {
    name: "PATCH /api/v1/admin/staff/:id (a worker in the leader's grid, same name)",
    call: async (t) => w.api.call('PATCH', `/api/v1/admin/staff/${await staffId('demo-worker-DS-A1-C1-G2-social')}`, { token: t, body: { name: '社会网格员（矩阵）' } }),
    expect: { ...everyone(403), leader: 200, admin: 200 },
  },
  {
    name: "PATCH /api/v1/admin/staff/:id (a worker of another community)",
    call: async (t) => w.api.call('PATCH', `/api/v1/admin/staff/${await staffId('demo-worker-DS-A2-C1-G2-social')}`, { token: t, body: { name: '远处网格员（矩阵）' } }),
    expect: { ...everyone(403), leader: 404, admin: 200 },
  },
  {
    name: "POST /api/v1/admin/staff/:id/hand-over (nothing held, to a worker in the leader's grid)",
    call: async (t) =>
      w.api.call('POST', `/api/v1/admin/staff/${await staffId('demo-worker-DS-A1-C1-G3-police')}/hand-over`, { token: t, body: { toUserId: await staffId('demo-worker-DS-A1-C1-G3-social') } }),
    expect: { ...everyone(403), leader: 200, admin: 200 },
  },
  { name: 'GET /api/v1/admin/log', call: (t) => w.api.call('GET', '/api/v1/admin/log', { token: t }), expect: adminOnly(200) },
  { name: 'POST /api/v1/admin/grids/preview', call: (t) => w.api.call('POST', '/api/v1/admin/grids/preview', { token: t, body: far() }), expect: adminOnly(200) },
  { name: 'GET /api/v1/admin/categories', call: (t) => w.api.call('GET', '/api/v1/admin/categories', { token: t }), expect: adminOnly(200) },
  { name: 'GET /api/v1/admin/api-keys', call: (t) => w.api.call('GET', '/api/v1/admin/api-keys', { token: t }), expect: adminOnly(200) },
  {
    name: 'DELETE /api/v1/admin/api-keys/:id (a fresh key)',
    call: async (t) => {
      const issued = await w.api.call<{ id: string }>('POST', '/api/v1/admin/api-keys', { token: w.admin.token, body: { name: '矩阵吊销' } });
      return w.api.call('DELETE', `/api/v1/admin/api-keys/${issued.body.id}`, { token: t });
    },
    expect: adminOnly(200),
  },
  { name: 'GET /api/v1/admin/work-calendar', call: (t) => w.api.call('GET', '/api/v1/admin/work-calendar', { token: t }), expect: { ...everyone(403), dispatcher: 200, admin: 200 } },
  { name: 'PUT /api/v1/admin/work-calendar', call: (t) => w.api.call('PUT', '/api/v1/admin/work-calendar', { token: t, body: {} }), expect: adminOnly(200) },
  { name: 'GET /api/v1/admin/outbox', call: (t) => w.api.call('GET', '/api/v1/admin/outbox', { token: t }), expect: adminOnly(200) },
  { name: 'POST /api/v1/admin/outbox/:id/retry (unknown entry)', call: (t) => w.api.call('POST', '/api/v1/admin/outbox/none/retry', { token: t }), expect: adminOnly(404) },
  {
    name: 'POST /api/v1/reports',
    call: (t) => w.api.call('POST', '/api/v1/reports', { token: t, body: reportAt('DS-A1-C1-G1'), headers: { 'Idempotency-Key': `matrix-${n++}-key` } }),
    expect: { ...everyone(403), owner: 201, otherResident: 201 },
  },
  { name: 'GET /api/v1/reports', call: (t) => w.api.call('GET', '/api/v1/reports', { token: t }), expect: everyone(200) },
  {
    name: 'GET /api/v1/reports/:id',
    call: (t) => w.api.call('GET', `/api/v1/reports/${reportId}`, { token: t }),
    expect: { anonymous: 401, owner: 200, otherResident: 404, gridWorker: 200, farWorker: 404, leader: 200, dispatcher: 200, admin: 200 },
  },
  {
    name: 'POST /api/v1/reports/:id/actions (reassign to the same worker)',
    call: async (t) => {
      const workerId = (await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G1-urban' }))!._id.toString();
      return w.api.call('POST', `/api/v1/reports/${reportId}/actions`, { token: t, body: { action: 'reassign', assigneeId: workerId } });
    },
    expect: { anonymous: 401, owner: 403, otherResident: 404, gridWorker: 403, farWorker: 403, leader: 200, dispatcher: 200, admin: 200 },
  },
  {
    name: 'POST /api/v1/reports/:id/rating (not yet resolved)',
    call: (t) => w.api.call('POST', `/api/v1/reports/${reportId}/rating`, { token: t, body: { score: 5 } }),
    expect: { anonymous: 401, owner: 409, otherResident: 404, gridWorker: 403, farWorker: 404, leader: 403, dispatcher: 403, admin: 403 },
  },
  {
    name: 'GET /api/v1/media/:id (a photo of the report)',
    call: (t) => w.api.call('GET', `/api/v1/media/${photoId}`, { token: t }),
    expect: { anonymous: 401, owner: 200, otherResident: 404, gridWorker: 200, farWorker: 404, leader: 200, dispatcher: 200, admin: 200 },
  },
];

describe('the authorization matrix: every role against every endpoint', () => {
  const cases = rows.flatMap((row) => actors.map((actor) => [row.name, actor, row] as const));

  it.each(cases)('%s as %s', async (_name, actor, row) => {
    const res = await row.call(who[actor]?.token, actor);

    expect(res.status).toBe(row.expect[actor]);
  });
});
