import type { ReportView } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let alice: Session;
let bob: Session;
const ids: Record<string, string> = {};

type Page = { items: Omit<ReportView, 'timeline'>[]; nextCursor: string | null };
const list = (token: string, query = '') => w.api.call<Page>('GET', `/api/v1/reports${query}`, { token });

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  alice = await w.resident('艾丽');
  bob = await w.resident('鲍勃');
  // Alice: two in community DS-A1-C1 (grids G1, G2), one in DS-A2-C2-G3. Bob: one in DS-A1-C1-G1.
  ids.a1 = (await w.api.submit(alice.token, reportAt('DS-A1-C1-G1', 'street_light'))).body.id;
  ids.a2 = (await w.api.submit(alice.token, reportAt('DS-A1-C1-G2', 'noise'))).body.id;
  ids.a3 = (await w.api.submit(alice.token, reportAt('DS-A2-C2-G3', 'sanitation'))).body.id;
  ids.b1 = (await w.api.submit(bob.token, reportAt('DS-A1-C1-G1', 'elderly_help'))).body.id;
});
afterAll(() => server.close());

const idsOf = (p: Page) => p.items.map((r) => r.id).sort();

describe('GET /api/v1/reports is scoped by role', () => {
  it('shows a resident only their own, newest first', async () => {
    const res = await list(alice.token);

    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.id)).toEqual([ids.a3, ids.a2, ids.a1]);
    expect(res.body.items[0]).not.toHaveProperty('timeline');
  });

  it('shows a worker their grid’s reports', async () => {
    const g1Social = await w.staff('demo-worker-DS-A1-C1-G1-social');

    expect(idsOf((await list(g1Social.token)).body)).toEqual([ids.a1, ids.b1].sort());
  });

  it('shows a community leader the community subtree, and the street leader everything in the street', async () => {
    const community = await w.staff('demo-leader-DS-A1-C1');
    const street = await w.staff('demo-leader-DS');

    expect(idsOf((await list(community.token)).body)).toEqual([ids.a1, ids.a2, ids.b1].sort());
    expect(idsOf((await list(street.token)).body)).toEqual(Object.values(ids).sort());
  });

  it('shows the dispatcher the whole street', async () => {
    expect(idsOf((await list(w.dispatcher.token)).body)).toEqual(Object.values(ids).sort());
  });
});

describe('filters and pagination', () => {
  it('filters by status, category, grid and date range', async () => {
    const d = w.dispatcher.token;
    const future = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());

    expect(idsOf((await list(d, '?categoryCode=noise')).body)).toEqual([ids.a2]);
    expect(idsOf((await list(d, '?gridCode=DS-A2')).body)).toEqual([ids.a3]);
    expect(idsOf((await list(d, '?status=assigned,accepted')).body)).toHaveLength(4);
    expect((await list(d, '?status=closed')).body.items).toEqual([]);
    expect((await list(d, `?from=${future}`)).body.items).toEqual([]);
  });

  it('walks every page with the cursor without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await list(w.dispatcher.token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);

    expect(seen.sort()).toEqual(Object.values(ids).sort());
  });

  it('refuses bad filters with 400, and query operators in the query string', async () => {
    for (const q of ['?status=lost', '?limit=0', '?limit=1000', '?cursor=abc', '?from=yesterday', '?status[$ne]=x', '?unknown=1']) {
      const res = await list(w.dispatcher.token, q);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
  });
});

describe('GET /api/v1/reports/:id', () => {
  it('shows a resident their report with category, grid chain and SLA, and staff by role only', async () => {
    const res = await w.api.get(alice.token, ids.a1!);

    expect(res.body).toMatchObject({
      category: { code: 'street_light', name: '路灯照明' },
      grids: [expect.objectContaining({ code: 'DS-A1-C1-G1' }), expect.anything(), expect.anything(), expect.objectContaining({ code: 'DS' })],
      signBy: expect.any(String),
      resolveBy: expect.any(String),
      overdue: false,
      assignee: { role: 'grid_worker' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/demo-worker|phone|openid/);
  });

  it('answers 404 to another resident, and to a worker of another grid', async () => {
    const farWorker = await w.staff('demo-worker-DS-A2-C2-G3-urban');

    expect((await w.api.get(bob.token, ids.a1!)).status).toBe(404);
    expect((await w.api.get(farWorker.token, ids.a1!)).status).toBe(404);
  });

  it('shows staff the assignee’s name', async () => {
    const res = await w.api.get(w.dispatcher.token, ids.a1!);

    expect(res.body.assignee).toMatchObject({ role: 'grid_worker', name: expect.any(String), id: expect.any(String) });
  });

  it('hides an anonymous reporter’s name from staff', async () => {
    const r = (await w.api.submit(alice.token, reportAt('DS-A1-C1-G1', 'noise', { anonymous: true }))).body;

    const seen = await w.api.get(w.dispatcher.token, r.id);

    expect(seen.body.anonymous).toBe(true);
    expect(JSON.stringify(seen.body)).not.toContain('艾丽');
  });
});
