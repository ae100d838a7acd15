import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from '../config';

export type EmbeddedEngine = 'ferretdb' | 'memory-server';

export interface EmbeddedDb {
  engine: EmbeddedEngine;
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDbOptions {
  /** `auto` prefers FerretDB (built from Go at install) and falls back to mongodb-memory-server. */
  engine: 'auto' | EmbeddedEngine;
  /** Parent folder; each engine keeps its files in a subfolder of its own. */
  dataDir: string;
  port?: number;
  startTimeoutMs?: number;
}

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

async function startFerretDb({ dataDir, port = 0, startTimeoutMs = 20_000 }: EmbeddedDbOptions): Promise<EmbeddedDb> {
  if (!existsSync(ferretdbBinary)) {
    throw new Error(`FerretDB is not built: ${ferretdbBinary} is missing. Run "npm run db:build" (needs Go).`);
  }
  const dir = path.join(dataDir, 'ferretdb');
  mkdirSync(dir, { recursive: true });
  const child = spawn(ferretdbBinary, ['-listen', `127.0.0.1:${port}`, '-data', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const uri = await waitForReadyLine(child, startTimeoutMs, () => stderr.join(''));
  return { engine: 'ferretdb', uri, dataDir: dir, stop: () => stopChild(child) };
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
  };
}
