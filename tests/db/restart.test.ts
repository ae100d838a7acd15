import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Schema } from 'mongoose';
import { connectDb } from '../../server/src/lib/db';
import { startEmbeddedDb } from '../../server/src/lib/embedded-db';

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
});
