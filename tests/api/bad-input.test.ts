import type { Session } from '../support/api';
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

const noLeak = (text: string) => {
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(text).not.toMatch(/Mongo|mongoose|Cast to|E11000/i);
};

describe('bad input gets a clear error and changes nothing', () => {
  const invalid: [string, unknown][] = [
    ['an operator instead of a category', { ...reportAt('DS-A1-C1-G1'), categoryCode: { $gt: '' } }],
    ['an operator instead of a coordinate', { ...reportAt('DS-A1-C1-G1'), location: { lng: { $ne: 1 }, lat: 32 } }],
    ['an unknown field', { ...reportAt('DS-A1-C1-G1'), status: 'closed' }],
    ['an empty description', { ...reportAt('DS-A1-C1-G1'), description: '   ' }],
    ['a description over 2000 characters', { ...reportAt('DS-A1-C1-G1'), description: '长'.repeat(2001) }],
    ['ten photos', { ...reportAt('DS-A1-C1-G1'), photoIds: Array(10).fill('0123456789abcdef01234567') }],
    ['a latitude of 91', { ...reportAt('DS-A1-C1-G1'), location: { lng: 118, lat: 91 } }],
    ['a malformed photo id', { ...reportAt('DS-A1-C1-G1'), photoIds: ['../../etc/passwd'] }],
    ['an array body', [reportAt('DS-A1-C1-G1')]],
  ];

  it.each(invalid)('refuses %s with 400 VALIDATION_FAILED naming the field in Chinese', async (_what, body) => {
    const before = await db.models.Report.countDocuments();

    const res = await w.api.submit(resident.token, body);

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: '提交的内容不符合要求', details: expect.any(Array) } });
    const details = (res.body as unknown as { error: { details: { message: string }[] } }).error.details;
    expect(details[0]!.message).toMatch(/[\u4e00-\u9fa5]/);
    noLeak(res.text);
    expect(await db.models.Report.countDocuments()).toBe(before);
  });

  it('refuses an operator in the dev login openid', async () => {
    const res = await w.api.call('POST', '/api/v1/auth/dev', { body: { openid: { $gt: '' }, role: 'admin' } });

    expect(res.status).toBe(400);
    noLeak(res.text);
  });

  it('refuses a JSON body sent as text/plain', async () => {
    const res = await w.api.call('POST', '/api/v1/reports', {
      token: resident.token,
      body: JSON.stringify(reportAt('DS-A1-C1-G1')),
      headers: { 'content-type': 'text/plain', 'Idempotency-Key': 'plain-text-body-1' },
    });

    expect(res.status).toBe(400);
  });

  it('limits how fast one resident can submit', async () => {
    const limited = await startTestServer(db, { RATE_LIMIT_REPORTS_PER_MIN: '3' });
    const { Api } = await import('../support/api');
    const api = new Api(limited.url);
    const someone = await api.login('rate_limited_resident', 'resident');

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.submit(someone.token, reportAt('DS-A1-C1-G1'))).status);
    const last = await api.submit(someone.token, reportAt('DS-A1-C1-G1'));
    await limited.close();

    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(last.body).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('秒后再试') } });
  });
});

describe('invisible characters', () => {
  it('are dropped from a description, an address and a name before anything is stored or shown', async () => {
    const res = await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'street_light', { description: '路灯\u0000不亮\u200B了\u202E', location: { ...reportAt('DS-A1-C1-G1').location, address: '示例路\u00071号' } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ description: '路灯不亮了', location: { address: '示例路1号' } });

    const named = await w.api.call<{ name: string }>('PATCH', '/api/v1/me', { token: resident.token, body: { name: '张\u0008三\uFEFF' } });
    expect([named.status, named.body.name]).toEqual([200, '张三']);
  });
});
