import type { NearbyReport, ReportView } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

// An attacker's view of 附近的报事 and 我也遇到了: the reported must never find the reporter (issue 13).
const db = useTestDb();
let server: TestServer;
let w: World;
let reporter: Session;
let attacker: Session;
let worker: Session;

const GRID = 'DS-A1-C1-G2';
// A report in the middle of one ~100 m cell (cells are 0.001°), written as a resident would: point and address.
const cell = { lng: Math.floor(centreOf(GRID).lng / 0.001) * 0.001, lat: Math.floor(centreOf(GRID).lat / 0.001) * 0.001 };
const home = { lng: cell.lng + 0.00037, lat: cell.lat + 0.00061, address: '顶山街道3栋201室' };
const point = (dx: number, dy: number) => ({ lng: cell.lng + dx, lat: cell.lat + dy });
const nearby = (s: Session, p: { lng: number; lat: number }, extra = '') =>
  w.api.call<{ items: NearbyReport[] }>('GET', `/api/v1/reports/nearby?lng=${p.lng}&lat=${p.lat}&categoryCode=noise${extra}`, { token: s.token });
const join = (s: Session, id: string, body?: unknown) => w.api.call<ReportView>('POST', `/api/v1/reports/${id}/join`, { token: s.token, body });

beforeAll(async () => {
  server = await startTestServer(db, { RATE_LIMIT_NEARBY_PER_HOUR: '1000' });
  w = await buildWorld(server);
  reporter = await w.resident('举报人');
  attacker = await w.resident('被举报的邻居');
  worker = await w.staff(`demo-worker-${GRID}-police`); // noise goes to the 警格员
});
afterAll(() => server.close());

async function fileAtHome(extra: Record<string, unknown> = {}): Promise<ReportView> {
  const res = await w.api.submit(reporter.token, { categoryCode: 'noise', description: '楼上201每晚装修噪音到12点', location: home, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

describe('an attacker probing 附近的报事', () => {
  it('gets the same answer from every point of the report’s cell, so no sequence of queries narrows it below ~100 m', async () => {
    const report = await fileAtHome();
    const probes = [0.00005, 0.0003, 0.0005, 0.0007, 0.00095].flatMap((dx) => [0.00005, 0.0005, 0.00095].map((dy) => point(dx, dy)));

    const answers = await Promise.all(probes.map((p) => nearby(attacker, p, '&radius=300')));

    expect(answers.every((a) => a.status === 200)).toBe(true);
    const mine = answers.map((a) => a.body.items.find((i) => i.id === report.id));
    expect(mine.every((m) => m?.distanceBand === 'same_block')).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const text = JSON.stringify(answers[0]!.body);
    for (const secret of ['3栋201室', '楼上201', String(home.lng), 'distanceM', report.no]) expect(text).not.toContain(secret);
  });

  it('learns only the ring of cells from the neighbouring cells, and nothing from further than about 300 m', async () => {
    const report = await fileAtHome();
    const band = async (dx: number, dy: number) => (await nearby(attacker, point(dx, dy), '&radius=300')).body.items.find((i) => i.id === report.id)?.distanceBand;

    expect(await band(0.0015, 0.0005)).toBe('adjacent');
    expect(await band(-0.0005, 0.0015)).toBe('adjacent');
    expect(await band(0.0025, 0.0005)).toBe('near');
    expect(await band(0.0035, 0.0005)).toBeUndefined();
    expect((await nearby(attacker, point(0.0005, 0.0005), '&radius=1000')).status).toBe(400);
  });

  it('is refused after the hourly allowance, with a time to come back', async () => {
    const limited = await startTestServer(db, { RATE_LIMIT_NEARBY_PER_HOUR: '3' });
    try {
      const lw = await buildWorld(limited);
      const prober = await lw.resident('不停查询的人');
      const ask = () => lw.api.call('GET', `/api/v1/reports/nearby?lng=${home.lng}&lat=${home.lat}&categoryCode=noise`, { token: prober.token });
      for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(200);

      const refused = await ask();
      const joinRefused = await lw.api.call('POST', `/api/v1/reports/${'0'.repeat(24)}/join`, { token: prober.token, body: { lng: home.lng, lat: home.lat } });

      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect(joinRefused.status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('an attacker joining a report (我也遇到了)', () => {
  it('must send their own position, and is refused from more than about 300 m away', async () => {
    const report = await fileAtHome();

    expect((await join(attacker, report.id)).status).toBe(400);
    const far = await join(attacker, report.id, point(0.01, 0.0005));
    expect(far.status).toBe(403);
    expect(far.body).toMatchObject({ error: { code: 'TOO_FAR' } });
    expect((await w.api.get(reporter.token, report.id)).body.followers).toBe(0);
  });

  it('once joined from nearby, sees neither place, address, words, photos, voice nor the reporter’s rating words — anywhere', async () => {
    const photo = (await w.api.upload(reporter.token, jpegBytes())).body.id;
    const report = await fileAtHome({ photoIds: [photo] });
    expect((await join(attacker, report.id, point(0.0015, 0.0005))).status).toBe(200);
    await w.api.act(worker.token, report.id, { action: 'accept' });
    const after = (await w.api.upload(worker.token, jpegBytes())).body.id;
    await w.api.act(worker.token, report.id, { action: 'resolve', note: '已上门协调，施工时间改为白天', photoIds: [after] });
    await w.api.rate(reporter.token, report.id, { score: 2, comment: '我家就在楼下，还是吵', tags: ['没解决'] });

    const detail = await w.api.get(attacker.token, report.id);
    const listed = (await w.api.call<{ items: ReportView[] }>('GET', '/api/v1/reports', { token: attacker.token })).body.items.find((r) => r.id === report.id);

    for (const view of [detail.body, listed!]) {
      expect(view).toMatchObject({ location: {}, description: '', photoIds: [], voiceIds: [], joined: true });
      const text = JSON.stringify(view);
      for (const secret of ['3栋201室', '楼上201', String(home.lng), String(home.lat), '我家就在楼下', '没解决', '举报人', photo, after]) expect(text).not.toContain(secret);
    }
    expect(detail.body.timeline.find((t) => t.action === 'resolve')).toMatchObject({ note: '已上门协调，施工时间改为白天' });
    for (const id of [photo, after]) {
      expect((await fetch(`${server.url}/api/v1/media/${id}`, { headers: { authorization: `Bearer ${attacker.token}` } })).status).toBe(404);
    }
    // The reporter and the grid's worker still see everything.
    expect((await w.api.get(reporter.token, report.id)).body.location).toMatchObject({ address: '顶山街道3栋201室' });
    expect((await w.api.get(worker.token, report.id)).body.description).toBe('楼上201每晚装修噪音到12点');
  });
});

describe('deciding the outcome', () => {
  it('belongs to the reporter alone: a follower’s rating is refused and their 评价 reaches staff without closing anything', async () => {
    const report = await fileAtHome();
    await join(attacker, report.id, point(0.0005, 0.0005));
    await w.api.act(worker.token, report.id, { action: 'accept' });
    await w.api.act(worker.token, report.id, { action: 'resolve', note: '已处理' });

    const forged = await w.api.rate(attacker.token, report.id, { score: 5 });
    const feedback = await w.api.call<ReportView>('POST', `/api/v1/reports/${report.id}/feedback`, { token: attacker.token, body: { score: 5, comment: '已经安静了' } });
    const twice = await w.api.call('POST', `/api/v1/reports/${report.id}/feedback`, { token: attacker.token, body: { comment: '再说一次' } });

    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: { code: 'NOT_REPORTER' } });
    expect(feedback.status).toBe(200);
    expect(feedback.body).toMatchObject({ status: 'resolved', feedback: [] });
    expect(twice.status).toBe(409);
    expect((await w.api.get(worker.token, report.id)).body.feedback).toEqual([{ score: 5, comment: '已经安静了', at: expect.any(String) }]);
    expect((await w.api.get(reporter.token, report.id)).body).toMatchObject({ canRate: true, feedback: [] });
    const real = await w.api.rate(reporter.token, report.id, { score: 1, comment: '还是吵' });
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ status: 'assigned', round: 2 });
  });

  it('gives a stranger who never joined neither feedback nor rating: the same 404 as a report that does not exist', async () => {
    const report = await fileAtHome();
    const stranger = await w.resident();

    expect((await w.api.call('POST', `/api/v1/reports/${report.id}/feedback`, { token: stranger.token, body: { comment: '路过' } })).status).toBe(404);
    expect((await w.api.rate(stranger.token, report.id, { score: 5 })).status).toBe(404);
  });
});
