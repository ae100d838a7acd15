import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { connectDb } from '../../server/src/lib/db';
import { request } from '../support/http';
import { startMain } from '../support/main-process';

const repoRoot = path.resolve(__dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

/** Asks the OS for a free local port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('the server process (npm start)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts its embedded database, serves /healthz, stops on SIGTERM and keeps its data for the next start', async () => {
    const dbPort = await freePort();
    const env = { DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort), MONGODB_URI: '' };
    const Note = { name: 'Note', schema: new Schema({ text: String }) };

    const first = await startMain(env);
    const health = await request(`${first.url}/healthz`);
    const conn = await connectDb({ uri: `mongodb://127.0.0.1:${dbPort}/`, dbName: 'linli' });
    await conn.model(Note.name, Note.schema).create({ text: '重启前写入' });
    await conn.close();
    first.kill('SIGTERM');
    const firstExit = await first.exited;

    const second = await startMain(env);
    const conn2 = await connectDb({ uri: `mongodb://127.0.0.1:${dbPort}/`, dbName: 'linli' });
    const notes = await conn2.model(Note.name, Note.schema).find().lean();
    await conn2.close();
    second.kill('SIGINT');
    const secondExit = await second.exited;

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'up' });
    expect(firstExit).toBe(0);
    expect(notes.map((n) => n.text)).toEqual(['重启前写入']);
    expect(secondExit).toBe(0);
  }, 60_000);

  it('refuses to start with a clear message when a variable is invalid', async () => {
    const child = spawn(tsx, ['server/src/main.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('"eighty"');
    expect(stderr).toContain('.env.example');
  }, 30_000);

  it('refuses to start, naming the index, when a database will not create an index a hot query needs', async () => {
    const dbName = `t_index_${Date.now()}`;
    const conn = await connectDb({ uri: process.env.LINLI_TEST_MONGODB_URI!, dbName });
    // An index of the same name with other options, as a hand-made or older one would be: report numbers not unique.
    await conn.db!.collection('reports').createIndex({ no: 1 }, { name: 'no_1' });
    const child = spawn(tsx, ['server/src/main.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', MONGODB_URI: process.env.LINLI_TEST_MONGODB_URI!, MONGODB_DB: dbName, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await conn.dropDatabase();
    await conn.close();

    expect(code).toBe(1);
    expect(stderr).toContain('cannot create index {"no":1} on reports');
    expect(stderr).not.toContain('    at ');
  }, 30_000);
});
