import type { GridImportProblem, GridSummary } from '@linli/shared';
import { sampleFeatureCollection } from '../../server/src/modules/demo/dingshan-sample';
import { Api, type Session } from '../support/api';
import { useTestDb } from '../support/db';
import { eventually } from '../support/eventually';
import { fakeOpenid } from '../support/factories';
import { startTestServer, type TestServer } from '../support/server';

const db = useTestDb();
let server: TestServer;
let api: Api;
let admin: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  api = new Api(server.url);
  admin = await api.login(fakeOpenid('admin'), 'admin');
});
afterAll(() => server.close());

type Feature = ReturnType<typeof sampleFeatureCollection>['features'][number];
const square = (x: number, y: number, size = 0.01) => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];
const feature = (code: string, level: string, parentCode: string | undefined, coordinates: unknown, name = code) => ({
  type: 'Feature',
  properties: { code, name, level, ...(parentCode ? { parentCode } : {}) },
  geometry: { type: 'Polygon', coordinates },
});
const importGrids = (features: unknown[], token = admin.token) =>
  api.call<{ created: number; updated: number } & { error?: { code: string; details: GridImportProblem[] } }>('POST', '/api/v1/admin/grids/import', {
    token,
    body: { type: 'FeatureCollection', features },
  });
const locate = (lng: number, lat: number) => api.call<{ grids: GridSummary[] }>('GET', `/api/v1/grids/locate?lng=${lng}&lat=${lat}`, { token: admin.token });

describe('POST /api/v1/admin/grids/import', () => {
  it('creates the sample street layout, then updates it by code on a second import', async () => {
    const features: Feature[] = sampleFeatureCollection().features;

    const first = await importGrids(features);
    const renamed = features.map((f) => (f.properties.code === 'DS-A1-C1-G1' ? { ...f, properties: { ...f.properties, name: '改名后的网格' } } : f));
    const second = await importGrids(renamed);

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 19, updated: 0 });
    expect(second.body).toEqual({ created: 0, updated: 19 });
    expect((await locate(118.665, 32.09)).body.grids[0]).toMatchObject({ code: 'DS-A1-C1-G1', name: '改名后的网格' });
  });

  it('is only for admins', async () => {
    const worker = await api.login(fakeOpenid('w'), 'grid_worker');
    const resident = await api.login(fakeOpenid('r'), 'resident');

    expect((await importGrids([feature('X1', 'street', undefined, square(1, 1))], worker.token)).status).toBe(403);
    expect((await importGrids([feature('X1', 'street', undefined, square(1, 1))], resident.token)).status).toBe(403);
    expect((await api.call('POST', '/api/v1/admin/grids/import', { body: {} })).status).toBe(401);
  });

  const bad: [string, () => unknown[], string][] = [
    ['an unclosed ring', () => [feature('BAD-1', 'street', undefined, [[[0, 0], [1, 0], [1, 1], [0, 1]]])], '未闭合'],
    ['coordinates out of range', () => [feature('BAD-2', 'street', undefined, [[[0, 0], [181, 0], [181, 1], [0, 1], [0, 0]]])], '超出经纬度范围'],
    ['an unknown level', () => [feature('BAD-3', 'village', undefined, square(0, 0))], '层级 level'],
    ['a parent that does not exist', () => [feature('BAD-4', 'area', 'NOPE', square(0, 0))], '上级 NOPE 不存在'],
    ['a duplicate code in one file', () => [feature('BAD-5', 'street', undefined, square(0, 0)), feature('BAD-5', 'street', undefined, square(2, 2))], '重复'],
    ['a self-intersecting ring', () => [feature('BAD-6', 'street', undefined, [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]])], '自相交'],
    ['a parent of a lower level', () => [feature('BAD-7', 'grid', 'DS', square(0, 0)), feature('BAD-8', 'street', 'BAD-7', square(3, 3))], '层级必须高于街道'],
  ];

  it.each(bad)('refuses a file with %s as a whole, naming the bad feature, and writes nothing', async (_what, features, problem) => {
    const good = feature('GOOD-1', 'street', undefined, square(10, 10));
    const before = await db.models.Grid.countDocuments();

    const res = await importGrids([good, ...features()]);

    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe('GRID_IMPORT_INVALID');
    const problems = res.body.error!.details;
    expect(problems.every((p) => p.index > 0)).toBe(true);
    expect(problems.flatMap((p) => p.problems).join(' ')).toContain(problem);
    expect(problems[0]!.code).toMatch(/^BAD-/);
    expect(await db.models.Grid.countDocuments()).toBe(before);
    expect(await db.models.Grid.exists({ code: 'GOOD-1' })).toBeNull();
  });

  it('refuses a body that is not a FeatureCollection', async () => {
    const res = await api.call('POST', '/api/v1/admin/grids/import', { token: admin.token, body: { type: 'Feature' } });

    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/grids/boundaries', () => {
  const boundaries = (codes: string, token: string | undefined = admin.token) =>
    api.call<{ items: (GridSummary & { geometry: { type: string; coordinates: unknown[] } })[] }>('GET', `/api/v1/grids/boundaries?codes=${encodeURIComponent(codes)}`, { token });

  it('answers the outlines of the named grids for a map, leaving out codes that do not exist', async () => {
    const resident = await api.login(fakeOpenid('map'), 'resident');

    const res = await boundaries('DS-A1-C1-G1,NOPE,DS-A2-C2-G2,DS-A1-C1-G1', resident.token);

    expect(res.status).toBe(200);
    expect(res.body.items.map((g) => [g.code, g.level, g.geometry.type])).toEqual([
      ['DS-A1-C1-G1', 'grid', 'Polygon'],
      ['DS-A2-C2-G2', 'grid', 'Polygon'],
    ]);
    expect(res.body.items[0]!.geometry.coordinates[0]).toEqual(expect.arrayContaining([[expect.any(Number), expect.any(Number)]]));
  });

  it('refuses no codes, more than 50, or a malformed one, and asks who is asking', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `G${i}`).join(',');

    expect((await boundaries(',')).status).toBe(400);
    expect((await boundaries(many)).status).toBe(400);
    expect((await boundaries('DS;drop')).status).toBe(400);
    expect((await boundaries('DS', '')).status).toBe(401);
  });
});

describe('GET /api/v1/grids/locate', () => {
  it('returns the chain deepest first: 网格, 社区, 片区, 街道', async () => {
    const res = await locate(118.705, 32.115);

    expect(res.status).toBe(200);
    expect(res.body.grids.map((g) => [g.code, g.level])).toEqual([
      ['DS-A2-C2-G2', 'grid'],
      ['DS-A2-C2', 'community'],
      ['DS-A2', 'area'],
      ['DS', 'street'],
    ]);
  });

  it('returns an empty chain outside every grid', async () => {
    expect((await locate(116.4, 39.9)).body).toEqual({ grids: [] });
  });

  it('refuses coordinates out of range', async () => {
    expect((await api.call('GET', '/api/v1/grids/locate?lng=200&lat=1', { token: admin.token })).status).toBe(400);
  });

  it('agrees across server instances after an import on one of them', async () => {
    const other = await startTestServer(db);
    const otherApi = new Api(other.url);
    const before = await otherApi.call<{ grids: GridSummary[] }>('GET', '/api/v1/grids/locate?lng=120.005&lat=30.005', { token: admin.token });

    await importGrids([feature('FAR', 'street', undefined, square(120, 30), '远方街道')]);
    // Instances re-check the layout version at most once a second: the other one catches up on its own.
    const after = await eventually(async () => {
      const r = await otherApi.call<{ grids: GridSummary[] }>('GET', '/api/v1/grids/locate?lng=120.005&lat=30.005', { token: admin.token });
      return r.body.grids.length ? r : null;
    }, 'the other instance to know the imported grid');
    await other.close();

    expect(before.body.grids).toEqual([]);
    expect(after.body.grids.map((g) => g.code)).toEqual(['FAR']);
  });
});
