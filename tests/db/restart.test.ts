import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { connectDb } from '../../server/src/lib/db';
import { ferretdbBinary, startEmbeddedDb } from '../../server/src/lib/embedded-db';
import { eventually } from '../support/eventually';

describe('the embedded database server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'linli-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps data written before it was stopped when started again on the same folder', async () => {
    const schema = new Schema({ title: String });

    const first = await startEmbeddedDb({ engine: 'auto', dataDir });
    const conn1 = await connectDb({ uri: first.uri, dbName: 'restart' });
    await conn1.model('Note', schema).create({ title: '路灯不亮了' });
    await conn1.close();
    await first.stop();

    const second = await startEmbeddedDb({ engine: 'auto', dataDir });
    const conn2 = await connectDb({ uri: second.uri, dbName: 'restart' });
    const notes = await conn2.model('Note', schema).find().lean();
    await conn2.close();
    await second.stop();

    expect(second.dataDir).toBe(first.dataDir);
    expect(notes.map((n) => n.title)).toEqual(['路灯不亮了']);
  });

  it('refuses a second server on the same folder for as long as the first runs, also after the first has collected its garbage', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-lock-'));
    // GOGC=1 collects after every small allocation, gctrace says when it did: the lock file must outlive collections.
    const first = spawn(ferretdbBinary, ['-listen', '127.0.0.1:0', '-data', path.join(dir, 'ferretdb'), '-exit-on-stdin-eof'], {
      env: { ...process.env, GOGC: '1', GODEBUG: 'gctrace=1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let collections = 0;
    let ready = false;
    first.stderr.on('data', (c: Buffer) => (collections += (c.toString().match(/^gc \d+/gm) ?? []).length));
    let out = '';
    first.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      ready ||= out.includes('"ready"');
    });
    try {
      await eventually(() => ready, 'the first server ready');
      const uri = /"uri":"([^"]+)"/.exec(out)![1]!;
      const conn = await connectDb({ uri, dbName: 'lock' });
      const before = collections;
      // Work that allocates, until the first server has collected garbage a few more times.
      await eventually(async () => {
        await conn.collection('notes').insertMany(Array.from({ length: 200 }, (_, i) => ({ i, title: '路灯不亮了'.repeat(100) })));
        return collections >= before + 3;
      }, 'three more collections in the first server');
      await conn.close();

      await expect(startEmbeddedDb({ engine: 'ferretdb', dataDir: dir, restartDelaysMs: [] })).rejects.toThrow(/in use by another database process/);
    } finally {
      first.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
