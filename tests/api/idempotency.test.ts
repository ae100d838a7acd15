import { Api, type Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  resident = await w.resident();
});
afterAll(() => server.close());

describe('POST /api/v1/reports with Idempotency-Key', () => {
  it('answers a retry with the same key with the same report and 200, creating nothing', async () => {
    const first = await w.api.submit(resident.token, reportAt('DS-A2-C1-G3'), 'retry-key-0001');
    const retry = await w.api.submit(resident.token, reportAt('DS-A2-C1-G3'), 'retry-key-0001');

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(await db.models.Report.countDocuments({ residentId: resident.user.id })).toBe(1);
  });

  it('answers the retry of an acknowledged report even when the resident has used up the per-minute limit', async () => {
    const limited = await startTestServer(db, { RATE_LIMIT_REPORTS_PER_MIN: '2' });
    const api = new Api(limited.url);
    const someone = await w.resident();
    const first = await api.submit(someone.token, reportAt('DS-A2-C1-G3'), 'limit-retry-0001');
    await api.submit(someone.token, reportAt('DS-A2-C1-G3'), 'limit-retry-0002');

    const retry = await api.submit(someone.token, reportAt('DS-A2-C1-G3'), 'limit-retry-0001');
    const fresh = await api.submit(someone.token, reportAt('DS-A2-C1-G3'), 'limit-retry-0003');
    await limited.close();

    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(fresh.status).toBe(429);
  });

  it('creates one report when the same submission arrives five times at once (a double tap on a bad network)', async () => {
    const someone = await w.resident();

    const results = await Promise.all(Array.from({ length: 5 }, () => w.api.submit(someone.token, reportAt('DS-A2-C1-G1'), 'double-tap-0001')));

    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await db.models.Report.countDocuments({ residentId: someone.user.id })).toBe(1);
  });

  it('keeps the key with the report in one write, so no crash can leave a key without its report', async () => {
    const someone = await w.resident();

    const first = await w.api.submit(someone.token, reportAt('DS-A2-C1-G1'), 'one-write-0001');
    const stored = await db.models.Report.findById(first.body.id).lean();

    expect(first.status).toBe(201);
    expect(stored).toMatchObject({ residentId: expect.anything(), idempotencyKey: 'one-write-0001' });
    expect(String(stored!.residentId)).toBe(someone.user.id);
    expect(await db.conn.db!.listCollections({ name: 'idempotency_keys' }).toArray()).toEqual([]);
  });

  it('keeps keys per resident: two residents may use the same key', async () => {
    const a = await w.resident();
    const b = await w.resident();

    const ra = await w.api.submit(a.token, reportAt('DS-A2-C1-G1'), 'shared-key-0001');
    const rb = await w.api.submit(b.token, reportAt('DS-A2-C1-G1'), 'shared-key-0001');

    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.body.id).not.toBe(rb.body.id);
  });

  it('requires the header, and refuses a malformed one', async () => {
    const missing = await w.api.call('POST', '/api/v1/reports', { token: resident.token, body: reportAt('DS-A2-C1-G1') });
    const malformed = await w.api.submit(resident.token, reportAt('DS-A2-C1-G1'), 'bad key!');

    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'idempotency-key' })] } });
    expect(malformed.status).toBe(400);
  });

  it('numbers reports per Beijing day without gaps or repeats under concurrency', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => w.resident()));

    const results = await Promise.all(people.map((p) => w.api.submit(p.token, reportAt('DS-A1-C2-G2'))));

    const numbers = results.map((r) => r.body.no);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.every((n) => /^\d{8}-\d{4}$/.test(n))).toBe(true);
  });
});
