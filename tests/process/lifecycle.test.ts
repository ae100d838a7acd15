import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Api, type Session } from '../support/api';
import { startMain, type RunningServer } from '../support/main-process';
import { eventually } from '../support/eventually';
import { commandOf, descendantsOf, isRunning } from '../support/processes';
import { reportAt } from '../support/world';

// Stopping and recovering, from the outside (issue 13): signals to the server, to its group and to `npm start`, with
// requests in flight and long-polls open; a killed database child; a disk that refuses writes.
jest.setTimeout(120_000);
const repoRoot = path.resolve(__dirname, '../..');
const dirs: string[] = [];
const running: RunningServer[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-life-'));
  dirs.push(dir);
  return dir;
}

/** The server on its own embedded FerretDB (no MONGODB_URI), as the README starts it. */
async function startEmbedded(extra: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startMain({ DATA_DIR: dataDir(), SEED_DEMO: 'true', DEV_LOGIN: 'true', SHUTDOWN_TIMEOUT_MS: '8000', RATE_LIMIT_REPORTS_PER_MIN: '1000', RATE_LIMIT_REPORTS_PER_IP_PER_MIN: '10000', ...extra });
  running.push(server);
  return server;
}

const ferretdbOf = (pid: number) => descendantsOf(pid).filter((p) => commandOf(p).includes('ferretdb'));
const poll = (base: string, token: string, since: string) =>
  fetch(`${base}/api/v1/reports/changes?since=${encodeURIComponent(since)}&wait=25`, { headers: { authorization: `Bearer ${token}` } });

afterAll(() => {
  for (const s of running) s.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Open long-polls and submissions in flight, then `stop`; every one must be answered, and nothing must survive. */
async function stopUnderLoad(stop: (s: RunningServer) => void) {
  const server = await startEmbedded();
  const api = new Api(server.url);
  const residents: Session[] = await Promise.all(Array.from({ length: 5 }, (_, i) => api.login(`life_resident_${i}`, 'resident')));
  const cursor = ((await (await poll(server.url, residents[0]!.token, new Date().toISOString())).json()) as { cursor: string }).cursor;
  const family = [server.child.pid!, ...descendantsOf(server.child.pid!)];
  expect(ferretdbOf(server.child.pid!)).toHaveLength(1);

  const polls = residents.flatMap((r) => [poll(server.url, r.token, cursor), poll(server.url, r.token, cursor)]);
  const submissions = Array.from({ length: 20 }, (_, i) => api.submit(residents[i % 5]!.token, reportAt('DS-A1-C1-G1', 'noise')));
  // Stopped while they are in the server's hands: the first submissions have been acknowledged, the rest are on the way.
  await Promise.race(submissions);
  const stoppedAt = Date.now();
  stop(server);

  const answers = await Promise.all(polls);
  const pollsAnsweredIn = Date.now() - stoppedAt;
  // Each submission is answered 201, or was never accepted by the server (refused connection, safe to retry): none is
  // cut off once the server has it.
  const outcomes = await Promise.all(submissions.map((p) => p.then((r) => String(r.status), (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message)));
  const code = await server.exited;

  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
  // Answered as the server stops, not at the end of their 25-second wait (a loaded machine may take seconds to stop).
  expect(pollsAnsweredIn).toBeLessThan(15_000);
  expect(outcomes.filter((o) => o !== '201' && o !== 'ECONNREFUSED')).toEqual([]);
  expect(outcomes.filter((o) => o === '201').length).toBeGreaterThan(0);
  expect(code).toBe(0);
  await eventually(() => family.every((pid) => !isRunning(pid)), 'the server and its database to be gone', 10_000);
}

describe('stopping the server', () => {
  it('on SIGTERM answers open long-polls at once, finishes requests in flight, stops the database and exits 0', async () => {
    await stopUnderLoad((s) => s.signal('SIGTERM'));
  });

  it('on Ctrl+C (SIGINT to the whole group) does the same', async () => {
    await stopUnderLoad((s) => s.kill('SIGINT'));
  });

  it('leaves no process behind in ten stops in a row, whatever the signal', async () => {
    for (let i = 0; i < 10; i++) {
      const server = await startEmbedded();
      const family = [server.child.pid!, ...descendantsOf(server.child.pid!)];
      expect(family.length).toBeGreaterThanOrEqual(2);
      const signal = (['SIGTERM', 'SIGINT', 'SIGHUP'] as const)[i % 3]!;
      server.signal(signal);
      expect({ run: i, signal, code: await server.exited, signalCode: server.child.signalCode }).toEqual({ run: i, signal, code: 0, signalCode: null });
      await eventually(() => family.every((pid) => !isRunning(pid)), `run ${i}: every process gone`, 10_000);
    }
  });

  it('stops its database even when the server itself is killed outright', async () => {
    const server = await startEmbedded();
    const [db] = ferretdbOf(server.child.pid!);

    server.signal('SIGKILL');
    await server.exited;

    await eventually(() => !isRunning(db!), 'FerretDB to notice its parent is gone', 10_000);
  });
});

describe('npm start', () => {
  it('stops everything it started when it is sent SIGTERM, and when it is killed outright', async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const npm = spawn('npm', ['start'], {
        cwd: repoRoot,
        env: { ...process.env, PORT: '0', DATA_DIR: dataDir(), LINLI_SKIP_H5_BUILD: '1', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const exited = new Promise((resolve) => npm.once('exit', resolve));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('npm start did not get ready')), 90_000);
        readline.createInterface({ input: npm.stdout! }).on('line', (line) => {
          const m = /^LINLI_READY (\S+)/.exec(line);
          if (!m) return;
          clearTimeout(timer);
          resolve(m[1]!);
        });
      });
      expect((await fetch(`${url}healthz`)).status).toBe(200);
      const family = [npm.pid!, ...descendantsOf(npm.pid!)];
      expect(family.filter((p) => commandOf(p).includes('ferretdb'))).toHaveLength(1);

      npm.kill(signal);
      await exited;

      await eventually(() => family.every((pid) => !isRunning(pid)), `every process of npm start to be gone after ${signal}`, 15_000);
    }
  });
});

describe('a database that dies', () => {
  it('is restarted within 10 s, with 503 DB_UNAVAILABLE meanwhile and nothing acknowledged lost', async () => {
    const server = await startEmbedded();
    const api = new Api(server.url);
    const resident = await api.login('life_restart', 'resident');
    const before = await api.submit(resident.token, reportAt('DS-A1-C1-G1', 'noise'));
    const [db] = ferretdbOf(server.child.pid!);

    process.kill(db!, 'SIGKILL');
    const killedAt = Date.now();
    // Meanwhile every answer is the data or a clear 503 DB_UNAVAILABLE — never a 500 — until it is back.
    const meanwhile: { status: number; code?: string }[] = [];
    await eventually(
      async () => {
        const res = await api.call<{ error?: { code: string } }>('GET', '/api/v1/reports', { token: resident.token });
        meanwhile.push({ status: res.status, ...(res.body.error ? { code: res.body.error.code } : {}) });
        return (await fetch(`${server.url}/healthz`)).status === 200 && !isRunning(db!);
      },
      'the database to be back',
      10_000,
    );

    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(meanwhile.filter((m) => m.status !== 200 && !(m.status === 503 && m.code === 'DB_UNAVAILABLE'))).toEqual([]);
    expect(ferretdbOf(server.child.pid!)).toHaveLength(1);
    expect((await api.get(resident.token, before.body.id)).status).toBe(200);
    expect((await api.submit(resident.token, reportAt('DS-A1-C1-G1', 'noise'))).status).toBe(201);
  });

  it('makes the server exit non-zero when it cannot come back', async () => {
    const dir = dataDir();
    const server = await startMain({ DATA_DIR: dir, SEED_DEMO: 'true', DEV_LOGIN: 'true', SHUTDOWN_TIMEOUT_MS: '8000' });
    running.push(server);
    const [db] = ferretdbOf(server.child.pid!);
    // Someone else waits for the data folder's lock and takes it the moment FerretDB dies: every restart is refused.
    const squatter = spawn('flock', ['-x', path.join(dir, 'ferretdb/.lock'), 'sleep', '120'], { stdio: 'ignore' });
    try {
      process.kill(db!, 'SIGKILL');
      const startedAt = Date.now();

      expect(await server.exited).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
    } finally {
      squatter.kill('SIGKILL');
    }
  });
});

describe('a disk that refuses writes', () => {
  it('answers 503 STORAGE_UNAVAILABLE and /healthz says degraded, then recovers when writes work again', async () => {
    const server = await startEmbedded();
    const api = new Api(server.url);
    const resident = await api.login('life_disk', 'resident');
    const [db] = ferretdbOf(server.child.pid!);
    const prlimit = (limit: string) => new Promise((resolve) => spawn('prlimit', ['--pid', String(db), `--fsize=${limit}`]).once('exit', resolve));

    await prlimit('1:'); // the soft limit: raising a hard one back needs a capability a container may not have
    const refused = await api.submit(resident.token, reportAt('DS-A1-C1-G1', 'noise'));
    const health = await fetch(`${server.url}/healthz`);

    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', db: 'up', storage: 'failing' });

    await prlimit('unlimited:');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await api.submit(resident.token, reportAt('DS-A1-C1-G1', 'noise'))).status).toBe(201);
  });
});
