import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/src/lib/embedded-db';

declare global {
  var __LINLI_TEST_DB__: { db: EmbeddedDb; dir: string } | undefined;
}

/** Starts one real embedded database server for the whole run; each test file then uses a database of its own. */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    // Testing against an external MongoDB: nothing to start.
    process.env.LINLI_TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-test-db-'));
  const db = await startEmbeddedDb({ engine: 'auto', dataDir: dir });
  process.env.LINLI_TEST_MONGODB_URI = db.uri;
  process.env.LINLI_TEST_DB_ENGINE = db.engine;
  globalThis.__LINLI_TEST_DB__ = { db, dir };
}
