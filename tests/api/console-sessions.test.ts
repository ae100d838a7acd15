import type { z } from 'zod';
import type { consoleSessionPollSchema, consoleSessionRequestSchema, consoleSessionViewSchema, createdConsoleSessionSchema } from '@linli/shared';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, type World } from '../support/world';

// The console signs in by QR code: a browser asks, a staff member scans it with the mini-program and confirms, the
// browser collects a token bound to that sign-in, once.
const db = useTestDb();
let server: TestServer;
let w: World;

beforeAll(async () => {
  server = await startTestServer(db);
  w = await buildWorld(server);
});
afterAll(() => server.close());

type Created = z.infer<typeof createdConsoleSessionSchema>;
type Poll = z.infer<typeof consoleSessionPollSchema>;
type Failure = { error: { code: string; message: string } };
const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const ask = async () => {
  const res = await w.api.call<Created>('POST', '/api/v1/auth/console-sessions', { headers: { 'user-agent': chrome } });
  expect(res.status).toBe(201);
  return res.body;
};
const poll = (c: Pick<Created, 'id' | 'secret'>) => w.api.call<Poll & Failure>('GET', `/api/v1/auth/console-sessions/${c.id}`, { headers: { 'x-console-secret': c.secret } });
const confirm = (s: Session | undefined, id: string) => w.api.call<z.infer<typeof consoleSessionViewSchema> & Failure>('POST', `/api/v1/auth/console-sessions/${id}/confirm`, { token: s?.token });
const stored = (id: string) => db.models.ConsoleSession.findById(id).lean();
/** A console signed in as `s`, through the whole flow. */
async function consoleOf(s: Session): Promise<{ id: string; token: string }> {
  const c = await ask();
  expect((await confirm(s, c.id)).status).toBe(200);
  const got = await poll(c);
  return { id: c.id, token: got.body.token! };
}

describe('console sign-in by QR code', () => {
  it('signs the browser in as the staff member who confirmed, with their role, and hands the token over once', async () => {
    const c = await ask();
    expect(c).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), link: expect.stringContaining(`#/package-work/console-login/index?session=${c.id}`) });
    expect((await poll(c)).body).toMatchObject({ status: 'pending', token: null });

    expect((await confirm(w.dispatcher, c.id)).status).toBe(200);
    const first = await poll(c);
    const second = await poll(c);

    expect(first.body).toMatchObject({ status: 'signed_in', token: expect.any(String), user: { id: w.dispatcher.user.id, role: 'dispatcher' } });
    expect(second.body).toMatchObject({ status: 'signed_in', token: null, user: null });
    const me = await w.api.call<{ id: string }>('GET', '/api/v1/me', { token: first.body.token! });
    expect(me.body.id).toBe(w.dispatcher.user.id);
    expect((await w.api.call('GET', '/api/v1/stats/overview', { token: first.body.token! })).status).toBe(200);
  });

  it('gives the token to one of two polls racing for it', async () => {
    const c = await ask();
    await confirm(w.dispatcher, c.id);

    const polls = await Promise.all(Array.from({ length: 6 }, () => poll(c)));

    expect(polls.filter((p) => p.body.token).length).toBe(1);
  });

  it('tells nothing to a poll without the asking browser’s secret, so a photographed code cannot be collected', async () => {
    const c = await ask();
    await confirm(w.dispatcher, c.id);

    const stolen = await poll({ id: c.id, secret: 'x'.repeat(32) });
    const none = await w.api.call<Failure>('GET', `/api/v1/auth/console-sessions/${c.id}`);

    expect([stolen.status, stolen.body.error.code, none.status]).toEqual([404, 'CONSOLE_SESSION_NOT_FOUND', 404]);
    expect((await stored(c.id))!.deliveredAt).toBeNull();
    expect((await poll(c)).body.token).toEqual(expect.any(String));
  });

  it('shows the staff member which browser asks and from which network, before they confirm', async () => {
    const c = await ask();

    const req = await w.api.call<z.infer<typeof consoleSessionRequestSchema>>('GET', `/api/v1/auth/console-sessions/${c.id}/request`, { token: w.dispatcher.token });

    expect(req.body).toMatchObject({ status: 'pending', device: 'Chrome 131 · Windows', place: expect.stringMatching(/\*$/) });
    expect(JSON.stringify(req.body)).not.toContain('127.0.0.1');
  });

  it('refuses an expired code with 410 and a used one with 409, and changes nothing', async () => {
    const late = await ask();
    server.clock.advance(121_000);
    try {
      const expired = await confirm(w.dispatcher, late.id);
      expect([expired.status, expired.body.error.code]).toEqual([410, 'CONSOLE_SESSION_EXPIRED']);
      expect((await poll(late)).body).toMatchObject({ status: 'expired', token: null });
    } finally {
      server.clock.advance(-121_000);
    }
    expect((await stored(late.id))!.confirmedAt).toBeNull();

    const used = await ask();
    await confirm(w.dispatcher, used.id);
    const again = await confirm(w.admin, used.id);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONSOLE_SESSION_USED']);
    expect(String((await stored(used.id))!.userId)).toBe(w.dispatcher.user.id);
  });

  it('is confirmed only by staff the console is for: residents and grid workers get 403, a made-up code 404', async () => {
    const c = await ask();
    const resident = await w.resident();
    const worker = await w.staff('demo-worker-DS-A1-C1-G1-urban');

    const refused = await Promise.all([confirm(resident, c.id), confirm(worker, c.id), confirm(undefined, c.id)]);
    const unknown = await confirm(w.dispatcher, 'A'.repeat(22));

    expect(refused.map((r) => r.status)).toEqual([403, 403, 401]);
    expect(refused[0]!.body.error.code).toBe('CONSOLE_NOT_ALLOWED');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CONSOLE_SESSION_NOT_FOUND']);
    expect((await stored(c.id))!.confirmedAt).toBeNull();
  });

  it('lists a member’s signed-in consoles and signs one out from the phone: its token is refused at once, the other stays', async () => {
    const leader = await w.staff('demo-leader-DS-A1-C1');
    const office = await consoleOf(leader);
    const home = await consoleOf(leader);
    const list = await w.api.call<{ items: { id: string; current: boolean }[] }>('GET', '/api/v1/auth/console-sessions', { token: office.token });
    expect(list.body.items.map((i) => i.id)).toEqual([home.id, office.id]);
    expect(list.body.items.find((i) => i.id === office.id)!.current).toBe(true);

    const out = await w.api.call('DELETE', `/api/v1/auth/console-sessions/${home.id}`, { token: leader.token });

    expect(out.status).toBe(200);
    const refused = await w.api.call<Failure>('GET', '/api/v1/me', { token: home.token });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'SESSION_ENDED']);
    expect((await w.api.call('GET', '/api/v1/me', { token: office.token })).status).toBe(200);
    expect((await w.api.call<{ items: unknown[] }>('GET', '/api/v1/auth/console-sessions', { token: leader.token })).body.items).toHaveLength(1);
    expect(await db.models.AdminLog.countDocuments({ subject: home.id, action: { $in: ['console_session.confirm', 'console_session.sign_out'] } })).toBe(2);
  });

  it('lets an admin sign out anyone’s console (a lost laptop) and nobody else sign out another’s', async () => {
    const lost = await consoleOf(w.dispatcher);
    const leader = await w.staff('demo-leader-DS-A1-C1');

    const byLeader = await w.api.call('DELETE', `/api/v1/auth/console-sessions/${lost.id}`, { token: leader.token });
    expect(byLeader.status).toBe(404);
    expect((await w.api.call('GET', '/api/v1/me', { token: lost.token })).status).toBe(200);

    expect((await w.api.call('DELETE', `/api/v1/auth/console-sessions/${lost.id}`, { token: w.admin.token })).status).toBe(200);
    expect((await w.api.call('GET', '/api/v1/me', { token: lost.token })).status).toBe(401);
  });

  it('ends the console’s token when its session’s hours are over', async () => {
    const c = await consoleOf(w.dispatcher);
    server.clock.advance(server.config.CONSOLE_SESSION_HOURS * 3_600_000 + 1_000);
    try {
      const res = await w.api.call<Failure>('GET', '/api/v1/me', { token: c.token });
      expect([res.status, res.body.error.code]).toEqual([401, 'SESSION_ENDED']);
    } finally {
      server.clock.advance(-(server.config.CONSOLE_SESSION_HOURS * 3_600_000 + 1_000));
    }
  });
});
