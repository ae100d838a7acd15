import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDb, syncIndexes } from '../../server/src/lib/db';
import { registerModels, type Models } from '../../server/src/models';

export interface TestDb {
  conn: Connection;
  models: Models;
  uri: string;
  dbName: string;
}

/** The URI of the run's database server (started by global-setup). */
export function testDbUri(): string {
  const uri = process.env.LINLI_TEST_MONGODB_URI;
  if (!uri) throw new Error('LINLI_TEST_MONGODB_URI is not set: run the tests through jest (global-setup starts the database)');
  return uri;
}

/** Registers hooks that give this test file an isolated database, dropped afterwards. */
export function useTestDb(): TestDb {
  const handle = {} as TestDb;
  beforeAll(async () => {
    handle.uri = testDbUri();
    handle.dbName = `t_${randomBytes(6).toString('hex')}`;
    handle.conn = await connectDb({ uri: handle.uri, dbName: handle.dbName });
    handle.models = registerModels(handle.conn);
    await syncIndexes(handle.conn);
  });
  afterAll(async () => {
    if (!handle.conn) return;
    await handle.conn.dropDatabase();
    await handle.conn.close();
  });
  return handle;
}
