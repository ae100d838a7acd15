import type { ReportView } from '@linli/shared';
import { superviseOnce } from '../../server/src/jobs/supervise';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;
let leader: Session;
let police: Session;

const HOUR = 3_600_000;
const bj = (s: string) => new Date(`${s}+08:00`);
const GRID = 'DS-A1-C1-G1';

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  // Signed in on the real clock: the scenarios below move the server's clock to fixed dates.
  resident = await w.resident();
  leader = await w.staff('demo-leader-DS-A1-C1');
  police = await w.staff(`demo-worker-${GRID}-police`);
});
afterAll(() => server.close());

const submit = async (category: string) => {
  const res = await w.api.submit(resident.token, reportAt(GRID, category));
  expect(res.status).toBe(201);
  return res.body;
};
const reload = async (id: string) => (await w.api.get(w.dispatcher.token, id)).body;
const supervise = (owner = 'runner-a') => superviseOnce(server.services, { owner, leaseMs: 1 });
const notesOf = (r: ReportView, action: string) => r.timeline.filter((t) => t.action === action).map((t) => t.note);
const userId = async (openid: string) => String((await db.models.User.findOne({ openid }).lean())!._id);

describe('deadlines on the working calendar', () => {
  beforeAll(async () => {
    const put = await w.api.call('PUT', '/api/v1/admin/work-calendar', { token: w.admin.token, body: { holidays: ['2026-12-07'], workdays: ['2026-12-12'] } });
    expect(put.status).toBe(200);
  });

  it('counts working hours over the weekend: Friday 15:00 plus 9 working hours is Monday 15:00', async () => {
    server.clock.setTo(bj('2026-11-27T15:00:00'));

    const r = await submit('greenery');

    expect(new Date(r.signBy!)).toEqual(bj('2026-11-30T15:00:00'));
    expect(new Date(r.resolveBy!)).toEqual(bj('2026-12-04T15:00:00'));
  });

  it('skips a holiday and counts a 调休 Saturday', async () => {
    server.clock.setTo(bj('2026-12-04T17:00:00'));

    const r = await submit('neighbour_dispute');

    // Fri 17–18 (1h), Sat–Sun off, Mon 12-07 holiday, Tue 12-08 09:00 + 8h = 17:00.
    expect(new Date(r.signBy!)).toEqual(bj('2026-12-08T17:00:00'));
    // 45h: Fri 1, Tue–Fri 36 (to Fri 12-11 18:00), Sat 12-12 make-up day 8 more → 17:00.
    expect(new Date(r.resolveBy!)).toEqual(bj('2026-12-12T17:00:00'));
  });

  it('keeps urgent categories on the natural clock: a Saturday-night noise report is due in two hours', async () => {
    server.clock.setTo(bj('2026-11-28T23:00:00'));

    const r = await submit('noise');

    expect(new Date(r.signBy!)).toEqual(bj('2026-11-29T01:00:00'));
  });

  it('refuses a calendar whose day ends before it starts, in words, and keeps the old one', async () => {
    const bad = await w.api.call('PUT', '/api/v1/admin/work-calendar', { token: w.admin.token, body: { dayStart: '18:00', dayEnd: '09:00' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('下班时间须晚于上班时间');
    expect((await w.api.call<{ holidays: string[] }>('GET', '/api/v1/admin/work-calendar', { token: w.dispatcher.token })).body.holidays).toEqual(['2026-12-07']);
    expect((await w.api.call('PUT', '/api/v1/admin/work-calendar', { token: w.dispatcher.token, body: {} })).status).toBe(403);
  });
});

describe('supervision (督办) as time passes', () => {
  it('turns a report yellow at 80 % of its time and red when late, escalating a level per day late, and tells the people concerned', async () => {
    server.clock.setTo(bj('2026-11-25T10:00:00'));
    const r = await submit('noise'); // police worker, 2 h to sign, natural clock

    server.clock.advance(1.7 * HOUR);
    await supervise();
    let now = await reload(r.id);
    expect(now.supervision).toEqual({ level: 'yellow', step: 0 });
    expect(notesOf(now, 'supervise')).toEqual(['黄牌预警：签收时限已用85%']);

    server.clock.advance(0.5 * HOUR);
    await supervise();
    now = await reload(r.id);
    expect(now.supervision).toEqual({ level: 'red', step: 1 });
    expect(notesOf(now, 'supervise')).toEqual(['黄牌预警：签收时限已用85%', '红牌督办：已超过签收时限']);
    expect(notesOf(now, 'escalate')).toEqual(['超时升级至网格长督办']);

    server.clock.advance(24 * HOUR);
    await supervise();
    expect(notesOf(await reload(r.id), 'escalate')).toEqual(['超时升级至网格长督办', '超时升级至社区督办']);

    // The assignee and the community's leader were told, through the outbox.
    const told = (await db.models.Outbox.find({ reportId: r.id, event: 'overdue' }).lean()).map((o) => String(o.userId));
    expect(told).toEqual(expect.arrayContaining([await userId(`demo-worker-${GRID}-police`), await userId('demo-leader-DS-A1-C1')]));
  });

  it('catches up after downtime: a report three days late goes straight to the street, with every step on the timeline', async () => {
    server.clock.setTo(bj('2026-11-20T10:00:00'));
    const r = await submit('noise');

    server.clock.advance((2 + 80) * HOUR);
    await supervise();

    const now = await reload(r.id);
    expect(now.supervision).toEqual({ level: 'red', step: 4 });
    expect(notesOf(now, 'escalate')).toEqual(['超时升级至网格长督办', '超时升级至社区督办', '超时升级至片区督办', '超时升级至街道指挥中心督办']);
    const told = (await db.models.Outbox.find({ reportId: r.id, event: 'overdue' }).lean()).map((o) => String(o.userId));
    expect(told).toContain(await userId('demo-dispatcher'));
  });

  it('never escalates twice when two runners pass at the same moment', async () => {
    server.clock.setTo(bj('2026-11-18T10:00:00'));
    const r = await submit('noise');
    server.clock.advance(3 * HOUR);

    // Same owner: both pass the lease, so only the per-report condition can stop the second.
    await Promise.all([supervise('runner-a'), supervise('runner-a'), supervise('runner-a')]);

    const now = await reload(r.id);
    expect(notesOf(now, 'supervise')).toEqual(['红牌督办：已超过签收时限']);
    expect(notesOf(now, 'escalate')).toEqual(['超时升级至网格长督办']);
  });

  it('lets only the lease holder run while its lease lasts', async () => {
    server.clock.advance(1_000);
    const first = await superviseOnce(server.services, { owner: 'one', leaseMs: 60_000 });
    const second = await superviseOnce(server.services, { owner: 'two', leaseMs: 60_000 });
    server.clock.advance(61_000);
    const third = await superviseOnce(server.services, { owner: 'two', leaseMs: 60_000 });

    expect([first.ran, second.ran, third.ran]).toEqual([true, false, true]);
    // The scenarios here jump the clock back and forth; the others run as 'runner-a' from a clean slate.
    await db.models.JobLease.deleteMany({});
  });

  it('starts the count again when a leader reassigns the report', async () => {
    server.clock.setTo(bj('2026-11-16T10:00:00'));
    const r = await submit('noise');
    server.clock.advance(3 * HOUR);
    await supervise();
    const other = await userId(`demo-worker-${GRID}-urban`);

    const res = await w.api.act(leader.token, r.id, { action: 'reassign', assigneeId: other, note: '改派' });
    expect(res.status).toBe(200);

    expect(res.body.supervision).toEqual({ level: 'none', step: 0 });
    await supervise();
    expect((await reload(r.id)).supervision.level).toBe('none');
  });

  it('leaves a signed report alone until its resolve deadline nears', async () => {
    server.clock.setTo(bj('2026-11-10T10:00:00'));
    const r = await submit('noise');
    expect((await w.api.act(police.token, r.id, { action: 'accept' })).status).toBe(200);

    server.clock.advance(10 * HOUR);
    await supervise();
    expect((await reload(r.id)).supervision.level).toBe('none');
    server.clock.advance(10 * HOUR);
    await supervise();
    expect(notesOf(await reload(r.id), 'supervise')).toEqual(['黄牌预警：办结时限已用83%']);
  });
});
