import { readFileSync } from 'node:fs';
import path from 'node:path';
import { categorySchema, defaultCategories, type Category, type ReportView } from '@linli/shared';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;

beforeAll(async () => {
  // A category stored before limits had units, as an older installation has it: hours and a clock, no standard.
  await db.models.Category.collection.insertOne({ code: 'neighbour_dispute', name: '邻里纠纷', icon: 'people', group: 'event', specialty: 'social', signHours: 9, resolveHours: 45, slaClock: 'working', needsAfterPhoto: false, active: true, order: 100 });
  server = await startTestServer(db);
  w = await buildWorld(server);
});
afterAll(() => server.close());

const list = async () => (await w.api.call<{ items: Category[] }>('GET', '/api/v1/categories', { token: (await w.resident()).token })).body.items;

describe('the standard taxonomy', () => {
  it('gives every category its kind, a CJ/T 214 class or an explicit local mark, and limits with their units', async () => {
    const items = await list();

    expect(items.length).toBe(defaultCategories.length);
    for (const c of items) {
      expect(categorySchema.safeParse(c).success).toBe(true);
      expect(['part', 'event']).toContain(c.group);
      expect(c.standard.scheme === 'local' || /^\d{2}$/.test(c.standard.code)).toBe(true);
      for (const s of c.subcategories) expect(s.standard.scheme === 'local' || /^\d{4}$/.test(s.standard.code)).toBe(true);
    }
    expect(items.find((c) => c.code === 'sanitation')!.subcategories.find((s) => s.code === 'exposed_rubbish')).toMatchObject({ standard: { scheme: 'CJ/T 214', code: '0102', name: '暴露垃圾' }, resolveLimit: { value: 4, unit: 'working_hours' } });
  });

  it('reads a category stored with hours and a clock as limits in those units, keeping the admin’s numbers', async () => {
    const stored = (await list()).find((c) => c.code === 'neighbour_dispute')!;

    expect(stored).toMatchObject({ signLimit: { value: 9, unit: 'working_hours' }, resolveLimit: { value: 45, unit: 'working_hours' }, standard: { scheme: 'local' } });
    expect(await db.models.Category.collection.findOne({ code: 'neighbour_dispute' })).not.toHaveProperty('signHours');
  });

  it('starts a 小类’s own clock: a missing manhole cover is due on site in 30 minutes and safe in 6 hours', async () => {
    const resident = await w.resident();
    const res = await w.api.submit(resident.token, { categoryCode: 'road_manhole', subcategoryCode: 'manhole_missing', description: '井盖没了，黑洞洞的', location: centreOf('DS-A1-C1-G1') });

    expect(res.status).toBe(201);
    const r = res.body as ReportView;
    const filed = new Date(r.createdAt).getTime();
    expect(new Date(r.signBy!).getTime() - filed).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    expect(new Date(r.signBy!).getTime() - filed).toBeLessThanOrEqual(30 * 60_000 + 1_000);
    expect(new Date(r.resolveBy!).getTime() - filed).toBeLessThanOrEqual(6 * 3_600_000 + 1_000);
    expect(r).toMatchObject({ urgent: true, subcategory: { code: 'manhole_missing', name: '井盖缺失' } });
  });

  it('refuses a 小类 of another category in words and files nothing', async () => {
    const resident = await w.resident();
    const before = await db.models.Report.countDocuments({});
    const res = await w.api.submit(resident.token, { categoryCode: 'noise', subcategoryCode: 'manhole_missing', description: '楼上太吵', location: centreOf('DS-A1-C1-G1') });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'SUBCATEGORY_UNKNOWN', message: '「噪音扰民」下没有这个小类' } });
    expect(await db.models.Report.countDocuments({})).toBe(before);
  });

  it('lets an admin set a limit in working days and a new 小类, and refuses a unit it does not know', async () => {
    const current = (await list()).find((c) => c.code === 'greenery')!;
    const edited = await w.api.call<Category>('PUT', '/api/v1/admin/categories/greenery', {
      token: w.admin.token,
      body: { resolveLimit: { value: 3, unit: 'working_days' }, subcategories: [...current.subcategories, { code: 'hedge', name: '绿篱', standard: { scheme: 'local', note: '区扩展' } }] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ resolveLimit: { value: 3, unit: 'working_days' }, subcategories: expect.arrayContaining([expect.objectContaining({ code: 'hedge', active: true })]) });

    const bad = await w.api.call('PUT', '/api/v1/admin/categories/greenery', { token: w.admin.token, body: { resolveLimit: { value: 3, unit: 'fortnights' } } });
    const twice = await w.api.call('PUT', '/api/v1/admin/categories/greenery', { token: w.admin.token, body: { subcategories: [current.subcategories[0], current.subcategories[0]] } });
    expect([bad.status, twice.status]).toEqual([400, 400]);
    expect((await list()).find((c) => c.code === 'greenery')!.resolveLimit).toEqual({ value: 3, unit: 'working_days' });
  });
});

describe('docs/taxonomy.md', () => {
  it('lists every category and 小类 code of the default catalogue, and no other', () => {
    const doc = readFileSync(path.join(__dirname, '../../docs/taxonomy.md'), 'utf8');
    const catalogue = doc.slice(doc.indexOf('## The catalogue'), doc.indexOf('## Sources'));
    const listed = [...catalogue.matchAll(/^\| `([a-z0-9_/]+)` \|/gm)].map((m) => m[1]);
    const data = defaultCategories.flatMap((c) => [c.code, ...c.subcategories.map((s) => `${c.code}/${s.code}`)]);

    expect(listed.sort()).toEqual(data.sort());
  });
});
