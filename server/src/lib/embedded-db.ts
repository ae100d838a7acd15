import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from '../config';

export type EmbeddedEngine = 'ferretdb' | 'memory-server';

export type DbState = 'up' | 'restarting' | 'failed';

export interface EmbeddedDb {
  engine: EmbeddedEngine;
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
  /** 'restarting' while a database process that died is being brought back; 'failed' when it could not be. */
  state(): DbState;
  /** Called once when the database died and every restart failed: the server cannot serve and should exit. */
  onFailed(listener: (err: Error) => void): void;
}

export interface EmbeddedDbOptions {
  /** `auto` prefers FerretDB (built from Go at install) and falls back to mongodb-memory-server. */
  engine: 'auto' | EmbeddedEngine;
  /** Parent folder; each engine keeps its files in a subfolder of its own. */
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
  /** Waits between restarts of a database process that died (each a new attempt); none: do not restart. */
  restartDelaysMs?: number[];
  /** Told about deaths and restarts. */
  onEvent?: (event: { kind: 'died' | 'restarted' | 'failed'; detail: string }) => void;
}

// About 10 s in all, including each start: a supervisor sees a clear exit soon after.
const defaultRestartDelays = [100, 400, 1_000, 2_000, 3_000];

/** Where `npm install` (scripts/ensure-db.mjs) puts the FerretDB binary. */
export const ferretdbBinary = path.join(repoRoot, '.cache/bin/ferretdb');

/** Starts an embedded MongoDB-compatible server that keeps its data under `dataDir`. */
export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const { engine } = options;
  if (engine === 'ferretdb' || (engine === 'auto' && existsSync(ferretdbBinary))) {
    return startFerretDb(options);
  }
  try {
    return await startMemoryServer(options);
  } catch (err) {
    throw new Error(
      `No embedded database could start. FerretDB is not built (${ferretdbBinary} is missing; ` +
        `install Go and run "npm run db:build"), and mongodb-memory-server failed: ${(err as Error).message}. ` +
        'Alternatively set MONGODB_URI to a MongoDB server.',
    );
  }
}

async function startFerretDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const { dataDir, port = 0, startTimeoutMs = 20_000, restartDelaysMs = defaultRestartDelays, onEvent } = options;
  if (!existsSync(ferretdbBinary)) {
    throw new Error(`FerretDB is not built: ${ferretdbBinary} is missing. Run "npm run db:build" (needs Go).`);
  }
  const dir = path.join(dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  let child: ChildProcess;
  let state: DbState = 'up';
  let stopping = false;
  const failedListeners: ((err: Error) => void)[] = [];

  const launch = async (listen: number) => {
    // stdin is our lifeline: FerretDB stops when the pipe closes, which happens however this process ends.
    const proc = spawn(ferretdbBinary, ['-listen', `127.0.0.1:${listen}`, '-data', dir, '-exit-on-stdin-eof'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: Ctrl+C reaches the server, which stops the database after the last request.
      detached: true,
    });
    const stderr: string[] = [];
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString());
      if (stderr.length > 50) stderr.shift();
    });
    proc.stdin?.on('error', () => undefined);
    const ready = await waitForReadyLine(proc, startTimeoutMs, () => stderr.join(''));
    return { proc, ready, stderr };
  };

  const supervise = (proc: ChildProcess, stderr: string[]) => {
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      state = 'restarting';
      onEvent?.({ kind: 'died', detail: `FerretDB exited (${signal ?? `code ${code}`}): ${stderr.join('').slice(-500)}` });
      void restart();
    });
  };

  const restart = async () => {
    const samePort = Number(new URL(uri).port);
    let last: Error | undefined;
    for (const delay of restartDelaysMs) {
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        // The same port, so the driver's pool reconnects to the address it knows.
        const next = await launch(samePort);
        child = next.proc;
        supervise(next.proc, next.stderr);
        state = 'up';
        onEvent?.({ kind: 'restarted', detail: `FerretDB is back (pid ${next.proc.pid})` });
        return;
      } catch (err) {
        last = err as Error;
      }
    }
    state = 'failed';
    const err = new Error(`the embedded database died and did not come back after ${restartDelaysMs.length} attempts: ${last?.message ?? 'no attempt'}`);
    onEvent?.({ kind: 'failed', detail: err.message });
    for (const l of failedListeners) l(err);
  };

  const first = await launch(port);
  child = first.proc;
  const uri = first.ready;
  supervise(first.proc, first.stderr);
  // A last resort for exits that skip stop(): never leave the database running without us.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    engine: 'ferretdb',
    uri,
    dataDir: dir,
    stop: async () => {
      stopping = true;
      process.off('exit', killOnExit);
      await stopChild(child);
    },
    state: () => state,
    onFailed: (listener) => void failedListeners.push(listener),
  };
}

function waitForReadyLine(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`FerretDB did not start within ${timeoutMs} ms: ${stderr()}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with code ${code}: ${stderr()}`));
    };
    child.once('exit', onExit);
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: string; uri?: string };
        if (msg.ready && msg.uri) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(msg.uri);
        }
      } catch {
        // Not the ready line; FerretDB logs to stderr, so this is unexpected but harmless.
      }
    });
  });
}

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface MemoryServerModule {
  MongoMemoryServer: {
    create(opts: {
      instance: { dbPath: string; port?: number; storageEngine: string };
    }): Promise<{ getUri(): string; stop(opts: { doCleanup: boolean }): Promise<boolean> }>;
  };
}

async function startMemoryServer({ dataDir, port }: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const dir = path.join(dataDir, 'mongodb');
  mkdirSync(dir, { recursive: true });
  // Optional dependency: loaded only when FerretDB is unavailable; it downloads mongod on first use.
  const mod = (await import('mongodb-memory-server-core')) as unknown as MemoryServerModule;
  const server = await mod.MongoMemoryServer.create({
    instance: { dbPath: dir, port: port || undefined, storageEngine: 'wiredTiger' },
  });
  return {
    engine: 'memory-server',
    uri: server.getUri(),
    dataDir: dir,
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
    state: () => 'up',
    onFailed: () => undefined,
  };
}
