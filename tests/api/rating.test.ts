import type { ReportView } from '@linli/shared';
import { closeUnratedReports } from '../../server/src/jobs/auto-close';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;
let worker: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  resident = await w.resident('评价居民');
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
});
afterAll(() => server.close());

/** A parking report in DS-A1-C1-G1, accepted and resolved by the urban worker. */
async function resolvedReport(): Promise<ReportView> {
  const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;
  await w.api.act(worker.token, r.id, { action: 'accept' });
  return (await w.api.act(worker.token, r.id, { action: 'resolve', note: '已劝离违停车辆' })).body;
}

async function resolveAgain(id: string): Promise<void> {
  await w.api.act(worker.token, id, { action: 'accept' });
  await w.api.act(worker.token, id, { action: 'resolve', note: '再次处理' });
}

describe('POST /api/v1/reports/:id/rating', () => {
  it('offers the rating to the resident once the report is resolved', async () => {
    const r = await resolvedReport();

    expect(r.status).toBe('resolved');
    expect((await w.api.get(resident.token, r.id)).body.canRate).toBe(true);
    expect((await w.api.get(worker.token, r.id)).body.canRate).toBe(false);
  });

  it('closes the report on a satisfied score (≥ 3) and keeps the rating', async () => {
    const r = await resolvedReport();

    const res = await w.api.rate(resident.token, r.id, { score: 4, comment: '处理及时', tags: ['速度快'] });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', round: 1, escalationLevel: 0, canRate: false });
    expect(res.body.ratings).toEqual([expect.objectContaining({ round: 1, score: 4, comment: '处理及时', tags: ['速度快'] })]);
    expect(res.body.timeline.at(-1)).toMatchObject({ action: 'rate', from: 'resolved', to: 'closed', note: '4分 满意：处理及时' });
  });

  it('treats 3 (基本满意) as satisfied', async () => {
    const r = await resolvedReport();

    expect((await w.api.rate(resident.token, r.id, { score: 3 })).body.status).toBe('closed');
  });

  it('reopens an unsatisfied report (≤ 2) to the same grid in a new round, escalated, with the leader supervising', async () => {
    const r = await resolvedReport();

    const res = await w.api.rate(resident.token, r.id, { score: 2, comment: '车又停回来了' });

    expect(res.body).toMatchObject({ status: 'assigned', round: 2, escalationLevel: 1, gridCode: 'DS-A1-C1-G1', canRate: false });
    expect(res.body.assignee).toEqual({ role: 'grid_worker' });
    const tail = res.body.timeline.slice(-4).map((t) => [t.action, t.actor.role]);
    expect(tail).toEqual([
      ['rate', 'resident'],
      ['reopen', 'system'],
      ['escalate', 'system'],
      ['supervise', 'grid_leader'],
    ]);
    expect(res.body.timeline.at(-2)!.note).toBe('升级至区级督办');
    expect(new Date(res.body.signBy!).getTime()).toBeGreaterThan(new Date(r.signBy!).getTime());
  });

  it('escalates street → district → city and no further, keeping each round’s score', async () => {
    const r = await resolvedReport();

    await w.api.rate(resident.token, r.id, { score: 1 });
    await resolveAgain(r.id);
    const second = await w.api.rate(resident.token, r.id, { score: 2 });
    await resolveAgain(r.id);
    const third = await w.api.rate(resident.token, r.id, { score: 1 });
    await resolveAgain(r.id);
    const last = await w.api.rate(resident.token, r.id, { score: 5 });

    expect(second.body.escalationLevel).toBe(2);
    expect(second.body.timeline.at(-2)!.note).toBe('升级至市级督办');
    expect(third.body.escalationLevel).toBe(2);
    expect(last.body).toMatchObject({ status: 'closed', round: 4 });
    expect(last.body.ratings.map((x) => [x.round, x.score])).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 5],
    ]);
  });

  it('refuses a rating before the report is resolved with 409', async () => {
    const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;

    const res = await w.api.rate(resident.token, r.id, { score: 5 });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'NOT_RATABLE' } });
  });

  it('refuses a second rating of the same round with 409', async () => {
    const r = await resolvedReport();
    await w.api.rate(resident.token, r.id, { score: 5 });

    const again = await w.api.rate(resident.token, r.id, { score: 1 });

    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'ALREADY_RATED' } });
  });

  it('is only for the report’s resident: 404 for another resident, 403 for staff who can see it', async () => {
    const r = await resolvedReport();
    const other = await w.resident('别人');

    expect((await w.api.rate(other.token, r.id, { score: 1 })).status).toBe(404);
    expect((await w.api.rate(worker.token, r.id, { score: 5 })).status).toBe(403);
    expect((await w.api.get(resident.token, r.id)).body.status).toBe('resolved');
  });

  it('refuses scores outside 1–5 and unknown fields', async () => {
    const r = await resolvedReport();

    for (const body of [{ score: 0 }, { score: 6 }, { score: 2.5 }, { score: '5' }, { score: 5, round: 9 }]) {
      expect((await w.api.rate(resident.token, r.id, body)).status).toBe(400);
    }
    expect((await w.api.get(resident.token, r.id)).body.status).toBe('resolved');
  });
});

describe('archiving unrated reports', () => {
  it('closes resolved reports nobody rated within the configured days, once, and leaves fresh ones alone', async () => {
    const old = await resolvedReport();
    server.clock.advance(8 * 86_400_000);
    const fresh = await resolvedReport();
    const deps = { ...server.services, clock: server.clock.now };

    const closed = await closeUnratedReports(deps, server.config.AUTO_CLOSE_DAYS);
    const again = await closeUnratedReports(deps, server.config.AUTO_CLOSE_DAYS);

    expect(closed).toBeGreaterThanOrEqual(1);
    expect(again).toBe(0);
    const oldNow = (await w.api.get(resident.token, old.id)).body;
    expect(oldNow.status).toBe('closed');
    expect(oldNow.timeline.at(-1)).toMatchObject({ action: 'close', actor: { role: 'system' } });
    expect((await w.api.get(resident.token, fresh.id)).body.status).toBe('resolved');
  });
});
