import type { StatsOverview, StatsTrend } from '@linli/shared';
import { superviseOnce } from '../../server/src/jobs/supervise';
import { closeUnratedReports } from '../../server/src/jobs/auto-close';
import { rebuildTallies, recountDays } from '../../server/src/modules/stats/recount';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

// The command centre reads counters kept with each change (modules/stats/tally.ts), never the reports. They must always
// equal what a count of the reports gives: after every kind of change, the kept counters and a rebuild agree.
const db = useTestDb();
let server: TestServer;
let w: World;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
});
afterAll(() => server.close());

/** The day buckets, without empty counters, in a stable order. */
async function buckets(): Promise<Record<string, Record<string, number>>> {
  const docs = await db.models.DayTally.find({ kind: 'day' }).lean();
  const out: Record<string, Record<string, number>> = {};
  for (const { _id, kind: _k, day: _d, gridCode: _g, categoryCode: _c, ...counts } of docs) {
    const kept = Object.fromEntries(Object.entries(counts as Record<string, number>).filter(([, n]) => n !== 0));
    if (Object.keys(kept).length) out[_id] = kept;
  }
  return out;
}
const stats = async () => ({
  overview: (await w.api.call<StatsOverview>('GET', '/api/v1/stats/overview', { token: w.dispatcher.token })).body,
  trends: (await w.api.call<StatsTrend>('GET', '/api/v1/stats/trends?days=30', { token: w.dispatcher.token })).body,
});

describe('the statistics counters', () => {
  it('equal a recount from the reports after submissions, actions, ratings, joins, merges, supervision and auto-close', async () => {
    const resident: Session = await w.resident('统计居民');
    const neighbour = await w.resident('邻居');
    const urban = await w.staff('demo-worker-DS-A1-C1-G1-urban');
    const social = await w.staff('demo-worker-DS-A1-C1-G1-social');
    const submit = async (category: string, grid = 'DS-A1-C1-G1') => (await w.api.submit(resident.token, reportAt(grid, category))).body;

    const a = await submit('parking_occupation');
    const b = await submit('parking_occupation');
    const c = await submit('neighbour_dispute');
    const d = await submit('parking_occupation');
    const outside = (await w.api.submit(resident.token, { categoryCode: 'other', description: '街道外面的问题', location: { lng: 100, lat: 20 } })).body;
    await w.api.act(urban.token, a.id, { action: 'accept' });
    await w.api.act(urban.token, a.id, { action: 'resolve', note: '已处理' });
    await w.api.rate(resident.token, a.id, { score: 2, tags: [] });
    await w.api.act(urban.token, b.id, { action: 'accept' });
    await w.api.act(urban.token, b.id, { action: 'resolve', note: '已处理' });
    await w.api.rate(resident.token, b.id, { score: 5, tags: [] });
    await w.api.act(social.token, c.id, { action: 'return', note: '不属于本网格' });
    await w.api.act(w.dispatcher.token, outside.id, { action: 'assign', assigneeId: social.user.id });
    await w.api.call('POST', `/api/v1/reports/${d.id}/join`, { token: neighbour.token });
    await w.api.act(urban.token, d.id, { action: 'merge', intoId: a.id });
    server.clock.advance(30 * 3_600_000);
    await superviseOnce(server.services, { owner: 'counters', leaseMs: 1 });
    await w.api.act(urban.token, a.id, { action: 'accept' });
    await w.api.act(urban.token, a.id, { action: 'resolve', note: '再次处理' });
    server.clock.advance(8 * 86_400_000);
    await closeUnratedReports(server.services, 7);

    const kept = await buckets();
    const keptStats = await stats();
    await rebuildTallies(db.models, 480);

    expect(Object.keys(kept).length).toBeGreaterThan(3);
    expect(await buckets()).toEqual(kept);
    expect(await stats()).toEqual(keptStats);
  });

  it('are repaired by recounting a day, when a change did not reach them', async () => {
    const resident = await w.resident();
    await w.api.submit(resident.token, reportAt('DS-A2-C1-G1', 'sanitation'));
    const before = await buckets();
    const day = Object.keys(before).find((id) => id.includes('|DS-A2-C1-G1|sanitation'))!;
    // A crash between a report's write and its counters' write: the counters miss the change.
    await db.models.DayTally.updateOne({ _id: day }, { $inc: { filed: -1, st_assigned: -1 } });

    await recountDays(db.models, [day.split('|')[1]!], 480);

    expect(await buckets()).toEqual(before);
  });
});
