import type { NearbyReport, ReportView } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let first: Session; // files the original
let second: Session; // comes across the same problem
let worker: Session;

const GRID = 'DS-A1-C2-G1';
// The middle of a ~100 m cell (0.001°) near the grid's centre: offsets below move whole cells.
const centre = { lng: centreOf(GRID).lng + 0.0005, lat: centreOf(GRID).lat + 0.0005 };
const at = (dLatDeg: number) => ({ lng: centre.lng, lat: centre.lat + dLatDeg });
const report = (s: Session, categoryCode: string, dLat = 0, extra: Record<string, unknown> = {}) =>
  w.api.submit(s.token, { categoryCode, description: '小区门口路灯不亮，晚上很黑', location: at(dLat), ...extra }).then((r) => r.body);
const nearby = (s: Session, categoryCode: string, dLat = 0, extra = '') =>
  w.api.call<{ items: NearbyReport[] }>('GET', `/api/v1/reports/nearby?lng=${centre.lng}&lat=${centre.lat + dLat}&categoryCode=${categoryCode}${extra}`, { token: s.token });
const join = (s: Session, id: string, dLat = 0) => w.api.call<ReportView>('POST', `/api/v1/reports/${id}/join`, { token: s.token, body: at(dLat) });
const outboxFor = async (s: Session, reportId: string) => (await db.models.Outbox.find({ reportId, userId: s.user.id }).lean()).map((o) => o.event);

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  first = await w.resident('先报的人');
  second = await w.resident('后来的人');
  worker = await w.staff(`demo-worker-${GRID}-urban`);
});
afterAll(() => server.close());

describe('GET /api/v1/reports/nearby', () => {
  it('shows a resident open reports of the same category in their cell and the next, by band, without number, words or metres', async () => {
    const sameCell = await report(first, 'street_light', 0.0003); // ~33 m, same cell
    const nextCell = await report(first, 'street_light', 0.0011); // ~120 m, the neighbouring cell
    await report(first, 'street_light', 0.0031); // ~340 m
    await report(first, 'noise', 0.0001);

    const res = await nearby(second, 'street_light');

    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => [i.id, i.distanceBand])).toEqual(expect.arrayContaining([[sameCell.id, 'same_block'], [nextCell.id, 'adjacent']]));
    expect(res.body.items.every((i) => i.categoryCode === 'street_light' && i.distanceBand !== 'near')).toBe(true);
    expect(res.body.items.find((i) => i.id === sameCell.id)).toEqual({
      id: sameCell.id,
      categoryCode: 'street_light',
      categoryName: '路灯照明',
      status: 'assigned',
      distanceBand: 'same_block',
      followers: 0,
      ageDays: 0,
      mine: false,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/先报的人|路灯不亮|distanceM|"no"|summary/);
    expect((await nearby(first, 'street_light')).body.items.find((i) => i.id === sameCell.id)!.mine).toBe(true);
  });

  it('widens to about 300 m for a resident and no further, and forgets reports older than the window', async () => {
    const twoCellsOff = await report(first, 'street_light', 0.0021); // ~230 m

    expect((await nearby(second, 'street_light')).body.items.map((i) => i.id)).not.toContain(twoCellsOff.id);
    const wide = await nearby(second, 'street_light', 0, '&radius=300');
    expect(wide.body.items.find((i) => i.id === twoCellsOff.id)).toMatchObject({ distanceBand: 'near' });
    expect(wide.body.items.every((i) => ['same_block', 'adjacent', 'near'].includes(i.distanceBand))).toBe(true);
    const tooWide = await nearby(second, 'street_light', 0, '&radius=500');
    expect(tooWide.status).toBe(400);
    expect(tooWide.body).toMatchObject({ error: { code: 'BAD_REQUEST', message: '查找范围最大300米' } });
    server.clock.advance(8 * 86_400_000);
    expect((await nearby(second, 'street_light')).body.items).toEqual([]);
    expect((await nearby(second, 'street_light', 0, '&days=30')).body.items.length).toBeGreaterThan(0);
    server.clock.advance(-8 * 86_400_000);
  });

  it('gives staff merging duplicates the number, first words and metres, nearest first', async () => {
    const res = await nearby(worker, 'street_light', 0, '&radius=500');

    expect(res.status).toBe(200);
    const metres = res.body.items.map((i) => i.distanceM!);
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    expect(metres.some((m) => m > 300)).toBe(true);
    expect(res.body.items[0]).toMatchObject({ no: expect.stringMatching(/^\d{8}-\d{4}$/), summary: '小区门口路灯不亮，晚上很黑' });
  });

  it('rejects a bad point or category in words', async () => {
    const res = await w.api.call('GET', `/api/v1/reports/nearby?lng=999&lat=x&categoryCode=Bad`, { token: second.token });
    expect(res.status).toBe(400);
  });
});

describe('我也遇到了 (join)', () => {
  it('lets a neighbour follow a report: it is in their list and they hear its news — and see nothing of the reporter', async () => {
    const upload = await w.api.upload(first.token, jpegBytes());
    const original = await report(first, 'street_light', 0.0002, { photoIds: [upload.body.id] });

    const joined = await join(second, original.id);

    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ joined: true, followers: 1, photoIds: [], voiceIds: [], location: {}, description: '', canRate: false });
    expect(joined.body.timeline.at(-1)).toMatchObject({ action: 'join', note: '又有居民反映了同一问题（共2位居民）' });
    expect(JSON.stringify(joined.body.timeline)).not.toContain('先报的人');
    const photo = await fetch(`${server.url}/api/v1/media/${upload.body.id}`, { headers: { authorization: `Bearer ${second.token}` } });
    expect(photo.status).toBe(404);
    const mine = await w.api.call<{ items: { id: string }[] }>('GET', '/api/v1/reports', { token: second.token });
    expect(mine.body.items.map((r) => r.id)).toContain(original.id);

    await w.api.act(worker.token, original.id, { action: 'accept' });
    await w.api.act(worker.token, original.id, { action: 'resolve', note: '已更换灯泡', photoIds: [(await w.api.upload(worker.token, jpegBytes())).body.id] });
    expect(await outboxFor(second, original.id)).toEqual(expect.arrayContaining(['accepted', 'resolved']));
    expect(await outboxFor(first, original.id)).toEqual(expect.arrayContaining(['assigned', 'accepted', 'resolved']));
  });

  it('counts a second join as the same one, and refuses one’s own or a finished report', async () => {
    const original = await report(first, 'street_light', 0.0004);
    await join(second, original.id);

    const again = await join(second, original.id);

    expect(again.status).toBe(200);
    expect(again.body.timeline.filter((t) => t.action === 'join')).toHaveLength(1);
    expect((await join(first, original.id)).status).toBe(409);
    await w.api.act(worker.token, original.id, { action: 'accept' });
    await w.api.act(worker.token, original.id, { action: 'return', note: '不属于城市治理' });
    await w.api.act(w.dispatcher.token, original.id, { action: 'merge', intoId: (await report(first, 'street_light')).id });
    const third = await w.resident();
    expect((await join(third, original.id)).status).toBe(403);
  });
});

describe('merging a duplicate', () => {
  it('closes the duplicate into the original, whose news its resident then receives', async () => {
    const original = await report(first, 'street_light', 0.0001);
    const duplicate = await report(second, 'street_light', 0.0002);

    const res = await w.api.act(worker.token, duplicate.id, { action: 'merge', intoId: original.id });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', mergedInto: original.id });
    expect(res.body.timeline.at(-1)!.note).toContain(`与报事 ${original.no} 重复，已合并`);
    const seenBySecond = await w.api.get(second.token, original.id);
    expect(seenBySecond.status).toBe(200);
    expect(seenBySecond.body.joined).toBe(true);
    expect(seenBySecond.body.timeline.at(-1)).toMatchObject({ action: 'merge', note: `合并重复报事 ${duplicate.no}` });
    await w.api.act(worker.token, original.id, { action: 'accept' });
    expect(await outboxFor(second, original.id)).toContain('accepted');
  });

  it('refuses merging into itself, into a closed report, or by a worker of another grid', async () => {
    const a = await report(first, 'street_light');
    const closed = (await w.api.act(worker.token, (await report(first, 'street_light')).id, { action: 'merge', intoId: a.id })).body;
    const b = await report(second, 'street_light');
    const stranger = await w.staff('demo-worker-DS-A2-C2-G3-urban');

    expect((await w.api.act(worker.token, b.id, { action: 'merge', intoId: b.id })).status).toBe(400);
    expect((await w.api.act(worker.token, b.id, { action: 'merge', intoId: closed.id })).status).toBe(409);
    expect((await w.api.act(worker.token, b.id, { action: 'merge' })).status).toBe(400);
    expect((await w.api.act(stranger.token, b.id, { action: 'merge', intoId: a.id })).status).toBe(403);
    expect((await w.api.get(second.token, b.id)).body.status).toBe('assigned');
  });
});
