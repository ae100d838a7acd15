import { eventually } from '../support/eventually';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let other: TestServer;
let w: World;
let resident: Session;
let worker: Session;

beforeAll(async () => {
  server = await startTestServer(db);
  other = await startTestServer(db);
  w = await buildWorld(server);
  resident = await w.resident();
  worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
});
afterAll(async () => {
  await server.close();
  await other.close();
});

type Changes = { items: { id: string; status: string }[]; cursor: string };
const poll = (base: string, token: string, since: string, wait = 5) =>
  fetch(`${base}/api/v1/reports/changes?since=${encodeURIComponent(since)}&wait=${wait}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<Changes>);

describe('GET /api/v1/reports/changes (long-poll)', () => {
  it('answers a waiting resident as soon as their report changes, even when another instance made the change', async () => {
    const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation'))).body;
    const start = await poll(server.url, resident.token, new Date().toISOString(), 0);

    const waiting = poll(other.url, resident.token, start.cursor, 30);
    // The poll is parked on the other instance (it found nothing and sleeps until its next pass) before the change.
    await eventually(() => other.services.drain.sleepers > 0, 'the long-poll to be waiting on the other instance');
    await w.api.act(worker.token, r.id, { action: 'accept' });
    const started = Date.now();
    const answer = await waiting;

    expect(answer.items).toEqual([expect.objectContaining({ id: r.id, status: 'accepted' })]);
    // Woken by the change, not by the end of its 30-second wait.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(answer.cursor > start.cursor).toBe(true);
  });

  it('answers empty after the wait when nothing changed, and never shows another resident’s report', async () => {
    const stranger = await w.resident();
    const now = new Date().toISOString();
    const r = (await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'noise'))).body;

    const answer = await poll(server.url, stranger.token, now, 1);

    expect(answer.items.find((i) => i.id === r.id)).toBeUndefined();
    expect(answer.items).toEqual([]);
  });

  it('refuses a malformed cursor', async () => {
    const res = await w.api.call('GET', '/api/v1/reports/changes?since=yesterday', { token: resident.token });

    expect(res.status).toBe(400);
  });
});
