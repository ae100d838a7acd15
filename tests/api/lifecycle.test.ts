import { actions, statuses, transitions, type Action, type ReportView, type Status } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { jpegBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;
let worker: Session; // urban worker of DS-A1-C1-G1
let otherWorker: Session; // urban worker of DS-A1-C1-G2
let leader: Session; // leader of community DS-A1-C1
let farLeader: Session; // leader of community DS-A2-C1
const UNIT = 'DS-POWER';

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  resident = await w.resident('报事居民');
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
  otherWorker = await w.staff('demo-worker-DS-A1-C1-G2-urban');
  leader = await w.staff('demo-leader-DS-A1-C1');
  farLeader = await w.staff('demo-leader-DS-A2-C1');
  const unit = await w.api.call('POST', '/api/v1/admin/units', { token: w.admin.token, body: { code: UNIT, name: '供电所', kind: 'department', categoryCodes: ['street_light'], gridCodes: ['DS'] } });
  expect(unit.status).toBe(201);
});
afterAll(() => server.close());

/** A street-light report in DS-A1-C1-G1, assigned to `worker`. */
async function newReport(categoryCode = 'parking_occupation'): Promise<ReportView> {
  const res = await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', categoryCode));
  expect(res.status).toBe(201);
  return res.body;
}

async function photoOf(session: Session): Promise<string> {
  return (await w.api.upload(session.token, jpegBytes(), 'after.jpg')).body.id;
}

/** Drives a fresh report to the given status through the API. */
async function reportIn(status: Status): Promise<ReportView> {
  let r = await newReport();
  const step = async (token: string, body: object) => {
    const res = await w.api.act(token, r.id, body);
    expect(res.status).toBe(200);
    r = res.body;
  };
  // 待核查 needs a category that asks for 核查 (井盖, with its after-photo).
  if (status === 'verifying') r = await newReport('road_manhole');
  if (status === 'submitted') await step(worker.token, { action: 'return', note: '不属于本网格' });
  if (['accepted', 'resolved', 'verifying', 'closed'].includes(status)) await step(worker.token, { action: 'accept' });
  if (['resolved', 'closed'].includes(status)) await step(worker.token, { action: 'resolve', note: '已处理' });
  if (status === 'verifying') await step(worker.token, { action: 'resolve', note: '已盖好', photoIds: [await photoOf(worker)] });
  if (status === 'closed' || status === 'verifying') await step(w.dispatcher.token, { action: 'close' });
  expect(r.status).toBe(status);
  return r;
}

describe('the legal path', () => {
  it('goes assigned → accepted → resolved with a reply, each step on the timeline with actor role and grid', async () => {
    const r = await newReport();

    const accepted = await w.api.act(worker.token, r.id, { action: 'accept' });
    const resolved = await w.api.act(worker.token, r.id, { action: 'resolve', note: '车辆已挪走，道路已畅通' });

    expect(accepted.body.status).toBe('accepted');
    expect(resolved.body.status).toBe('resolved');
    const steps = resolved.body.timeline.map((t) => [t.action, t.from, t.to]);
    expect(steps).toEqual([
      ['submit', null, 'submitted'],
      ['route', 'submitted', 'assigned'],
      ['accept', 'assigned', 'accepted'],
      ['resolve', 'accepted', 'resolved'],
    ]);
    expect(resolved.body.timeline[3]).toMatchObject({ actor: { role: 'grid_worker', gridName: '吉庆社区第一网格' }, note: '车辆已挪走，道路已畅通' });
  });

  it('lets the assignee return a report with a reason, back to the dispatcher, who assigns it again', async () => {
    const r = await newReport();

    const returned = await w.api.act(worker.token, r.id, { action: 'return', note: '此处属于物业管理范围' });
    const assigned = await w.api.act(w.dispatcher.token, r.id, { action: 'assign', assigneeId: (await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G1-social' }))!._id.toString() });

    expect(returned.body).toMatchObject({ status: 'submitted', assignee: null, signBy: null });
    expect(assigned.body).toMatchObject({ status: 'assigned', assignee: { role: 'grid_worker' } });
  });

  it('lets a leader of the grid reassign to another worker of the grid, with a fresh SLA clock', async () => {
    const r = await newReport();
    server.clock.advance(60_000);
    const target = (await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G1-police' }))!._id.toString();

    const res = await w.api.act(leader.token, r.id, { action: 'reassign', assigneeId: target, note: '涉及治安' });

    expect(res.status).toBe(200);
    expect(res.body.assignee).toMatchObject({ id: target });
    expect(new Date(res.body.signBy!).getTime()).toBeGreaterThan(new Date(r.signBy!).getTime());
  });

  it('lets a leader reopen a resolved report into a new round', async () => {
    const r = await reportIn('resolved');

    const res = await w.api.act(leader.token, r.id, { action: 'reopen', note: '现场复核未解决' });

    expect(res.body).toMatchObject({ status: 'assigned', round: 2 });
  });

  it('lets the dispatcher archive a resolved report', async () => {
    const r = await reportIn('resolved');

    const res = await w.api.act(w.dispatcher.token, r.id, { action: 'close' });

    expect(res.body.status).toBe('closed');
  });

  it('shows each viewer the actions the shared table allows them', async () => {
    const r = await newReport();

    expect((await w.api.get(worker.token, r.id)).body.allowedActions).toEqual(['accept', 'return', 'report_up', 'extend', 'merge', 'recategorize']);
    expect((await w.api.get(leader.token, r.id)).body.allowedActions).toEqual(['reassign', 'merge', 'recategorize']);
    expect((await w.api.get(resident.token, r.id)).body.allowedActions).toEqual(['supplement', 'withdraw']);
  });
});

describe('every action from every status', () => {
  // What the transition table says, checked against the server for each (action, status) pair.
  const cases = actions.flatMap((action) => statuses.map((status) => [action, status] as [Action, Status]));

  it.each(cases)('%s from %s is 200 when the table allows it and 409 otherwise', async (action, status) => {
    const r = await reportIn(status);
    // 退回12345 needs a 12345 work order (tests/api/hotline.test.ts), 催办 a passed deadline (tests/api/resident-steps.test.ts);
    // these reports are residents' and on time.
    const requiredElsewhere = { hotline_order: 'NOT_HOTLINE_ORDER', may_urge: 'URGE_NOT_YET' } as Record<string, string>;
    const legal = transitions[action].from.includes(status) && !requiredElsewhere[transitions[action].requires ?? ''];
    // Pick an actor the table allows, so that only the status decides.
    const actorFor: Record<Action, Session> = {
      assign: w.dispatcher,
      reassign: w.dispatcher,
      accept: worker,
      return: worker,
      report_up: worker,
      dispatch: w.dispatcher,
      resolve: worker,
      verify: w.dispatcher,
      instruct: w.dispatcher,
      extend: worker,
      approve_extension: w.dispatcher,
      reject_extension: w.dispatcher,
      reopen: w.dispatcher,
      close: w.dispatcher,
      merge: w.dispatcher,
      recategorize: w.dispatcher,
      return_to_hotline: w.dispatcher,
      urge: resident,
      supplement: resident,
      withdraw: resident,
    };
    const workerId = (await db.models.User.findOne({ openid: 'demo-worker-DS-A1-C1-G1-urban' }))!._id.toString();
    const original = await newReport();
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const body = { action, note: '说明', assigneeId: workerId, intoId: original.id, unitCode: UNIT, dueAt, result: 'pass', categoryCode: 'noise' };
    // Answering an extension needs one asked for: arranged wherever the table lets the worker ask.
    if ((action === 'approve_extension' || action === 'reject_extension') && transitions.extend.from.includes(status)) {
      expect((await w.api.act(worker.token, r.id, { action: 'extend', note: '等配件', dueAt })).status).toBe(200);
    }
    // accept/return/resolve need the caller to be the assignee; after a return there is none.
    const actor = status === 'submitted' && actorFor[action] === worker ? w.dispatcher : actorFor[action];

    const res = await w.api.act(actor.token, r.id, body);

    if (legal && actor === actorFor[action]) {
      expect(res.status).toBe(200);
      // verify with result pass closes; steps without a target leave the status as it was.
      expect(res.body.status).toBe(action === 'verify' ? 'closed' : (transitions[action].to ?? status));
      expect(res.body.timeline.filter((e: { action: string }) => e.action === action).at(-1)).toMatchObject({ action });
    } else if (legal) {
      expect(res.status).toBe(403);
    } else if (actor !== actorFor[action]) {
      expect(res.status).toBe(403);
    } else {
      expect(res.status).toBe(409);
      const refusal = transitions[action].from.includes(status) ? { code: requiredElsewhere[transitions[action].requires!] } : { code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('不能') };
      expect(res.body).toMatchObject({ error: refusal });
    }
  });
});

describe('refusals', () => {
  it('refuses a worker acting on another grid’s report with 403 and changes nothing', async () => {
    const r = await newReport();

    const res = await w.api.act(otherWorker.token, r.id, { action: 'accept' });

    expect(res.status).toBe(403);
    expect((await w.api.get(worker.token, r.id)).body.status).toBe('assigned');
  });

  it('refuses a leader of another community with 403', async () => {
    const r = await newReport();

    const res = await w.api.act(farLeader.token, r.id, { action: 'reassign', assigneeId: worker.user.id });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { message: '该报事不在您负责的网格范围内' } });
  });

  it('refuses residents: 403 on their own report, 404 on anyone else’s', async () => {
    const r = await newReport();
    const stranger = await w.resident('路人');

    expect((await w.api.act(resident.token, r.id, { action: 'close' })).status).toBe(403);
    expect((await w.api.act(stranger.token, r.id, { action: 'close' })).status).toBe(404);
  });

  it('requires a reason to return and a reply to resolve', async () => {
    const r = await newReport();

    const ret = await w.api.act(worker.token, r.id, { action: 'return' });
    await w.api.act(worker.token, r.id, { action: 'accept' });
    const res = await w.api.act(worker.token, r.id, { action: 'resolve', note: '   ' });

    expect(ret.status).toBe(400);
    expect(ret.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: '退单必须填写说明' } });
    expect(res.status).toBe(400);
  });

  it('refuses assigning to someone outside the report’s grid', async () => {
    const r = await newReport();

    const res = await w.api.act(w.dispatcher.token, r.id, { action: 'reassign', assigneeId: otherWorker.user.id });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'ASSIGNEE_INVALID' } });
  });

  it('requires an after-photo to resolve a category that needs one, and accepts it with one', async () => {
    const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'street_light'))).body;
    await w.api.act(worker.token, r.id, { action: 'accept' });

    const without = await w.api.act(worker.token, r.id, { action: 'resolve', note: '已更换灯泡' });
    const withPhoto = await w.api.act(worker.token, r.id, { action: 'resolve', note: '已更换灯泡', photoIds: [await photoOf(worker)] });

    expect(without.status).toBe(400);
    expect(without.body).toMatchObject({ error: { code: 'AFTER_PHOTO_REQUIRED' } });
    expect(withPhoto.status).toBe(200);
    expect(withPhoto.body.timeline.at(-1)!.photoIds).toHaveLength(1);
  });

  it('lets only one of two simultaneous accepts through', async () => {
    const r = await newReport();

    const results = await Promise.all([w.api.act(worker.token, r.id, { action: 'accept' }), w.api.act(worker.token, r.id, { action: 'accept' })]);

    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    const stored = await db.models.Report.findById(r.id).lean();
    expect(stored!.timeline.filter((t) => t.action === 'accept')).toHaveLength(1);
  });

  it('answers 404 for a malformed or unknown id, never 500', async () => {
    expect((await w.api.act(worker.token, 'not-an-id', { action: 'accept' })).status).toBe(404);
    expect((await w.api.act(worker.token, '0123456789abcdef01234567', { action: 'accept' })).status).toBe(404);
    expect((await w.api.get(worker.token, '%24gt')).status).toBe(404);
  });

  it('refuses unknown actions and unknown fields', async () => {
    const r = await newReport();

    expect((await w.api.act(worker.token, r.id, { action: 'delete' })).status).toBe(400);
    expect((await w.api.act(worker.token, r.id, { action: 'accept', status: 'closed' })).status).toBe(400);
  });
});

describe('the overdue flag', () => {
  it('turns on when the sign deadline passes unsigned', async () => {
    const r = await newReport('parking_occupation');

    server.clock.advance(3 * 3_600_000);
    const later = await w.api.get(worker.token, r.id);

    expect(r.overdue).toBe(false);
    expect(later.body.overdue).toBe(true);
  });
});
