import { phoneKey } from '../../server/src/modules/privacy/phone';
import type { Candidate, ReportView } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;
let worker: Session;
let leader: Session;

const GRID = 'DS-A1-C1-G1';

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  resident = await w.resident();
  worker = await w.staff(`demo-worker-${GRID}-urban`);
  leader = await w.staff('demo-leader-DS-A1-C1');
});
afterAll(() => server.close());

const act = (token: string, id: string, body: unknown, key?: string) =>
  w.api.call<ReportView>('POST', `/api/v1/reports/${id}/actions`, { token, body, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });

describe('actions replayed from an offline queue', () => {
  it('applies an action once when the same Idempotency-Key arrives twice', async () => {
    const r = (await w.api.submit(resident.token, reportAt(GRID, 'street_light'))).body;

    const first = await act(worker.token, r.id, { action: 'accept' }, 'queued-accept-0001');
    const replay = await act(worker.token, r.id, { action: 'accept' }, 'queued-accept-0001');

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body.status).toBe('accepted');
    expect(replay.body.timeline.filter((t) => t.action === 'accept')).toHaveLength(1);
    // Without the key, the same action is a conflict, as before.
    expect((await act(worker.token, r.id, { action: 'accept' })).status).toBe(409);
  });

  it('rejects a malformed key in words and changes nothing', async () => {
    const r = (await w.api.submit(resident.token, reportAt(GRID, 'street_light'))).body;
    const res = await act(worker.token, r.id, { action: 'accept' }, 'x');
    expect(res.status).toBe(400);
    expect((await w.api.get(worker.token, r.id)).body.status).toBe('assigned');
  });
});

describe('reassignment candidates', () => {
  it('lists the grid’s workers (least loaded first) and the leaders above, for a leader in scope only', async () => {
    const r = (await w.api.submit(resident.token, reportAt(GRID, 'street_light'))).body;

    const res = await w.api.call<{ items: Candidate[] }>('GET', `/api/v1/reports/${r.id}/candidates`, { token: leader.token });

    expect(res.status).toBe(200);
    expect(res.body.items.filter((c) => c.role === 'grid_worker').map((c) => c.specialty).sort()).toEqual(['police', 'social', 'urban']);
    expect(res.body.items.some((c) => c.role === 'grid_leader')).toBe(true);
    expect(res.body.items[0]!.role).toBe('grid_worker');
    const other = await w.staff('demo-leader-DS-A2-C2');
    expect((await w.api.call('GET', `/api/v1/reports/${r.id}/candidates`, { token: other.token })).status).toBe(403);
    expect((await w.api.call('GET', `/api/v1/reports/${r.id}/candidates`, { token: worker.token })).status).toBe(403);
  });
});

describe('filing on behalf of a resident (电话 / 来访)', () => {
  const file = (token: string, body: unknown, key = `f-${Math.random().toString(36).slice(2, 12)}`) =>
    w.api.call<ReportView>('POST', '/api/v1/reports/on-behalf', { token, body, headers: { 'Idempotency-Key': key } });

  it('records the channel, names who filed it, and routes by the grid the caller named', async () => {
    const res = await file(worker.token, { channel: 'phone', residentName: '赵大爷', residentPhone: '13900001111', description: '楼下路灯不亮了', gridCode: GRID });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'phone', gridCode: GRID, categoryCode: 'street_light', status: 'assigned' });
    expect(res.body.timeline[0]!.note).toContain('代为登记（电话）');
    // Keyed by a hash of the number, never the number itself.
    const caller = await db.models.User.findOne({ openid: phoneKey('13900001111', server.config.AUTH_SECRET) }).lean();
    expect(caller).toMatchObject({ role: 'resident', name: '赵大爷' });
    expect(await db.models.User.countDocuments({ openid: { $regex: /13900001111/ } })).toBe(0);
  });

  it('links a repeat caller to the same resident and does not duplicate a retried filing', async () => {
    const key = 'visit-retry-0001';
    const first = await file(leader.token, { channel: 'visit', residentName: '赵大爷', residentPhone: '13900001111', description: '小区垃圾没人收', gridCode: GRID }, key);
    const retry = await file(leader.token, { channel: 'visit', residentName: '赵大爷', residentPhone: '13900001111', description: '小区垃圾没人收', gridCode: GRID }, key);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(await db.models.User.countDocuments({ openid: phoneKey('13900001111', server.config.AUTH_SECRET) })).toBe(1);
  });

  it('refuses residents, and a filing without a place, in words', async () => {
    expect((await file(resident.token, { channel: 'phone', residentName: '某', description: '问题', gridCode: GRID })).status).toBe(403);
    const res = await file(worker.token, { channel: 'phone', residentName: '某', description: '问题' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('请定位或选择所在网格');
  });
});
