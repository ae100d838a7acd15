import type { ReportView } from '@linli/shared';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import type { Session } from '../support/api';
import { jpegBytes } from '../support/media-samples';
import { buildWorld, reportAt, type World } from '../support/world';

// 催办, 补充说明 and 撤回: the reporter's own steps, through the same lifecycle table as staff actions.
const db = useTestDb();
let server: TestServer;
let w: World;
let reporter: Session;
let neighbour: Session;
let worker: Session; // urban worker of DS-A1-C1-G1

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
  reporter = await w.resident('报事居民');
  neighbour = await w.resident('邻居');
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
});
afterAll(() => server.close());

async function newReport(extra: Record<string, unknown> = {}): Promise<ReportView> {
  const res = await w.api.submit(reporter.token, reportAt('DS-A1-C1-G1', 'parking_occupation', extra));
  expect(res.status).toBe(201);
  return res.body;
}
const act = (s: Session, id: string, body: object) => w.api.act(s.token, id, body);
const outboxFor = async (s: Session, reportId: string) => (await db.models.Outbox.find({ reportId, userId: s.user.id }).lean()).map((o) => o.event);
// The deadlines as if the report had been waiting for a day: arranged in the database, the server's clock is real.
const pastDeadline = (id: string) => db.models.Report.updateOne({ _id: id }, { $set: { signBy: new Date(Date.now() - 3_600_000), resolveBy: new Date(Date.now() - 60_000) } });

describe('撤回 (withdraw)', () => {
  it('lets the reporter withdraw before anyone signed, tells the worker, and closes it', async () => {
    const r = await newReport();
    expect(r.allowedActions).toEqual(['supplement', 'withdraw']);

    const res = await act(reporter, r.id, { action: 'withdraw', note: '车已经开走了' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', allowedActions: [] });
    expect(res.body.timeline.at(-1)).toMatchObject({ action: 'withdraw', actor: { role: 'resident', name: '报事居民' }, note: '居民撤回了这条报事；车已经开走了' });
    expect(await outboxFor(worker, r.id)).toContain('withdrawn');
  });

  it('refuses once the worker has signed (409), and refuses everyone but the reporter', async () => {
    const r = await newReport();
    expect((await act(neighbour, r.id, { action: 'withdraw' })).status).toBe(404);
    expect((await act(worker, r.id, { action: 'withdraw' })).status).toBe(403);
    expect((await act(worker, r.id, { action: 'accept' })).status).toBe(200);

    const late = await act(reporter, r.id, { action: 'withdraw' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'ILLEGAL_TRANSITION' } });
    expect((await w.api.get(reporter.token, r.id)).body.status).toBe('accepted');
  });

  it('does not name an anonymous reporter on the staff’s timeline', async () => {
    const r = await newReport({ anonymous: true });
    await act(reporter, r.id, { action: 'withdraw' });

    expect((await w.api.get(worker.token, r.id)).body.timeline.at(-1)!.actor).toEqual({ role: 'resident' });
  });
});

describe('补充说明 (supplement)', () => {
  it('adds words and a photo the handler sees and is told about, while a neighbour who joined sees neither', async () => {
    const r = await newReport();
    const photo = (await w.api.upload(reporter.token, jpegBytes(), 'more.jpg')).body.id;
    expect((await act(reporter, r.id, { action: 'supplement' })).status).toBe(400);

    const res = await act(reporter, r.id, { action: 'supplement', note: '车牌是苏A12345，晚上八点以后一直停着', photoIds: [photo] });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('assigned');
    const seen = (await w.api.get(worker.token, r.id)).body.timeline.at(-1)!;
    expect(seen).toMatchObject({ action: 'supplement', note: '车牌是苏A12345，晚上八点以后一直停着', photoIds: [photo] });
    expect(await outboxFor(worker, r.id)).toContain('supplemented');

    const centre = reportAt('DS-A1-C1-G1').location;
    expect((await w.api.call('POST', `/api/v1/reports/${r.id}/join`, { token: neighbour.token, body: { lng: centre.lng, lat: centre.lat } })).status).toBe(200);
    const theirs = (await w.api.get(neighbour.token, r.id)).body;
    expect(theirs.timeline.find((t) => t.action === 'supplement')).not.toHaveProperty('note');
    expect((await act(neighbour, r.id, { action: 'supplement', note: '我也补充' })).body).toMatchObject({ error: { code: 'NOT_REPORTER' } });
  });
});

describe('催办 (urge)', () => {
  it('is refused before a deadline has passed, in words', async () => {
    const r = await newReport();
    const res = await act(reporter, r.id, { action: 'urge' });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'URGE_NOT_YET', message: '还没到办理时限，到期未办可以催办' } });
  });

  it('reaches the handler once a day after the deadline, and shows the count to staff', async () => {
    const r = await newReport();
    await pastDeadline(r.id);
    expect((await w.api.get(reporter.token, r.id)).body.allowedActions).toContain('urge');

    const first = await act(reporter, r.id, { action: 'urge', note: '已经超时了，请尽快处理' });
    expect(first.status).toBe(200);
    expect(first.body.timeline.at(-1)).toMatchObject({ action: 'urge', note: '已经超时了，请尽快处理' });
    expect(await outboxFor(worker, r.id)).toContain('urged');
    expect((await w.api.get(worker.token, r.id)).body.urges).toBe(1);

    const again = await act(reporter, r.id, { action: 'urge' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'URGE_NOT_YET', message: '今天已经催办过了，明天可以再催' } });

    await db.models.Report.updateOne({ _id: r.id }, { $set: { lastUrgedAt: new Date(Date.now() - 25 * 3_600_000) } });
    expect((await act(reporter, r.id, { action: 'urge' })).status).toBe(200);
    expect((await w.api.get(worker.token, r.id)).body.urges).toBe(2);
  });
});
