import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, type World } from '../support/world';

// A resident who refused WeChat's privacy guide (or the location permission) names the grid instead of sharing a position.
const db = useTestDb();
let server: TestServer;
let w: World;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
});
afterAll(() => server.close());

const body = (extra: Record<string, unknown>) => ({ categoryCode: 'sanitation', description: '垃圾桶满了', ...extra });

describe('POST /api/v1/reports with a grid chosen by name', () => {
  it('routes the report to that grid and keeps no coordinates', async () => {
    const resident = await w.resident();

    const res = await w.api.submit(resident.token, body({ gridCode: 'DS-A2-C1-G2' }));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ gridCode: 'DS-A2-C1-G2', status: 'assigned', location: {} });
    expect(res.body.grids.map((g) => g.code)).toEqual(['DS-A2-C1-G2', 'DS-A2-C1', 'DS-A2', 'DS']);
  });

  it('refuses neither a position nor a grid, and an unknown grid, in words, creating nothing', async () => {
    const resident = await w.resident();
    const before = await db.models.Report.countDocuments();

    const none = await w.api.submit(resident.token, body({}));
    const unknown = await w.api.submit(resident.token, body({ gridCode: 'NO-SUCH-GRID' }));

    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('请定位或选择所在网格');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'GRID_UNKNOWN', message: '没有这个网格，请重新选择' } });
    expect(await db.models.Report.countDocuments()).toBe(before);
  });

  it('lets every signed-in resident read the grid names to choose from', async () => {
    const resident = await w.resident();

    const res = await w.api.call<{ items: { code: string; name: string; level: string }[] }>('GET', '/api/v1/grids', { token: resident.token });

    expect(res.status).toBe(200);
    expect(res.body.items.some((g) => g.level === 'grid')).toBe(true);
    expect((await w.api.call('GET', '/api/v1/grids')).status).toBe(401);
  });
});
