import mongoose, { type Connection } from 'mongoose';
import { outboxWorker } from '../../server/src/jobs/outbox-worker';
import { recountRecent } from '../../server/src/jobs/recount-tallies';
import { superviseOnce } from '../../server/src/jobs/supervise';
import { connectDb, syncIndexes } from '../../server/src/lib/db';
import { registerModels } from '../../server/src/models';
import type { Session } from '../support/api';
import { useTestDb, type TestDb } from '../support/db';
import { solidPng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

// Every query the hot paths send must be answered from an index — an SQLite index SEARCH on the embedded build
// (docs/database.md, the pushdown patch), an IXSCAN on MongoDB — so that no request reads history. The test drives
// each hot path through the API, records every filter the server sends, and asks the database how it would run it.
const db = useTestDb();
const isFerret = () => process.env.LINLI_TEST_DB_ENGINE === 'ferretdb';

type Doc = mongoose.mongo.Document;
interface Sent {
  collection: string;
  filter: Doc;
  sort?: Doc;
  via: string;
}

// Read whole, on purpose, when they change: each instance keeps them in memory (lib/versioned-cache.ts).
const loadedWhole = new Set(['categories', 'grids', 'units']);

let monitored: Connection;
let server: TestServer;
let w: World;
const sent: Sent[] = [];
let recording = false;

function record(ev: { commandName: string; command: Doc }): void {
  if (!recording) return;
  const c = ev.command;
  const add = (collection: unknown, filter: unknown, via: string, sort?: unknown) => {
    if (typeof collection === 'string') sent.push({ collection, filter: (filter ?? {}) as Doc, via, ...(sort ? { sort: sort as Doc } : {}) });
  };
  switch (ev.commandName) {
    case 'find':
      return add(c.find, c.filter, 'find', c.sort);
    case 'findAndModify':
      return add(c.findAndModify, c.query, 'findAndModify', c.sort);
    case 'update':
      for (const u of (c.updates as Doc[] | undefined) ?? []) add(c.update, u.q, 'update');
      return;
    case 'delete':
      for (const d of (c.deletes as Doc[] | undefined) ?? []) add(c.delete, d.q, 'delete');
      return;
    case 'count':
      return add(c.count, c.query, 'count');
    case 'aggregate': {
      const first = (c.pipeline as Doc[])[0];
      return add(c.aggregate, first?.$match ?? {}, 'aggregate');
    }
  }
}

/** Whether the database answers this filter from an index rather than by reading the collection. */
async function usesIndex(q: Sent): Promise<{ ok: boolean; plan: string }> {
  const explained = await monitored.db!.command({ explain: { find: q.collection, filter: q.filter, ...(q.sort ? { sort: q.sort } : {}) }, verbosity: 'queryPlanner' });
  const plan = JSON.stringify(explained.queryPlanner);
  if (isFerret()) {
    const lines = (explained.queryPlanner?.Plan as string[] | undefined) ?? [];
    const reads = lines.filter((l) => /detail=(SCAN|SEARCH) /.test(l));
    return { ok: explained.filterPushdown === true && reads.length > 0 && reads.every((l) => l.includes('detail=SEARCH ')), plan };
  }
  return { ok: plan.includes('IXSCAN') && !plan.includes('COLLSCAN'), plan };
}

beforeAll(async () => {
  monitored = await connectDb({ uri: db.uri, dbName: db.dbName, monitorCommands: true });
  const handle: TestDb = { ...db, conn: monitored, models: registerModels(monitored) };
  await syncIndexes(monitored);
  server = await startTestServer(handle, { OUTBOX_ENABLED: 'false' });
  w = await buildWorld(server);
  monitored.getClient().on('commandStarted', record);
});
afterAll(async () => {
  await server.close();
  await monitored.close();
});

describe('the queries of the hot paths', () => {
  it('are each answered from an index, never by reading a collection', async () => {
    const resident: Session = await w.resident('热路径居民');
    const worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');
    const leader = await w.staff('demo-leader-DS-A1-C1');
    const photo = await w.api.upload(resident.token, solidPng(), 'a.png');
    const other = await w.resident();
    // Warm the in-memory catalogue, layout and staff before recording.
    await w.api.call('GET', '/api/v1/reports', { token: worker.token });

    recording = true;
    const r = await w.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'parking_occupation', { photoIds: [photo.body.id] }));
    expect(r.status).toBe(201);
    await w.api.call('POST', `/api/v1/reports/${r.body.id}/join`, { token: other.token });
    for (const status of ['assigned,submitted', 'accepted', 'resolved,closed']) await w.api.call('GET', `/api/v1/reports?status=${status}&limit=50`, { token: worker.token });
    await w.api.call('GET', '/api/v1/reports?limit=50', { token: leader.token });
    await w.api.call('GET', `/api/v1/reports/changes?since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&wait=0`, { token: worker.token });
    expect((await w.api.act(worker.token, r.body.id, { action: 'accept' })).status).toBe(200);
    expect((await w.api.act(worker.token, r.body.id, { action: 'resolve', note: '已处理' })).status).toBe(200);
    await w.api.call('GET', '/api/v1/reports?limit=10', { token: resident.token });
    await w.api.call('GET', `/api/v1/media/${photo.body.id}`, { token: worker.token });
    expect((await w.api.rate(resident.token, r.body.id, { score: 2, tags: [] })).status).toBe(200);
    for (const path of ['/overview', '/trends?days=30', '/map', '/reports?page=1&pageSize=20', '/reports?overdue=true']) {
      expect((await w.api.call('GET', `/api/v1/stats${path}`, { token: w.dispatcher.token })).status).toBe(200);
    }
    await w.api.call('GET', '/api/v1/notifications', { token: resident.token });
    await outboxWorker(server.services.deliverDeps, { pollMs: 50, maxAttempts: 3, baseDelayMs: 10 }).drain();
    await superviseOnce(server.services, { owner: 'hot-queries', leaseMs: 1 });
    await recountRecent(server.services, 3_600_000);
    recording = false;

    const seen = new Map<string, Sent>();
    for (const q of sent) if (!loadedWhole.has(q.collection)) seen.set(JSON.stringify([q.collection, q.filter, q.sort ?? null]), q);
    const scans: { query: Sent; plan: string }[] = [];
    for (const q of seen.values()) {
      const { ok, plan } = await usesIndex(q);
      if (!ok) scans.push({ query: q, plan });
    }

    if (process.env.SHOW_QUERIES) for (const q of seen.values()) console.log(q.via, q.collection, JSON.stringify(q.filter), JSON.stringify(q.sort ?? {}));
    expect(seen.size).toBeGreaterThan(20);
    expect(scans).toEqual([]);
  });
});
