import { rmSync } from 'node:fs';

/** Stops the embedded database and removes its temporary files. */
export default async function globalTeardown(): Promise<void> {
  const handle = globalThis.__LINLI_TEST_DB__;
  if (!handle) return;
  await handle.db.stop();
  rmSync(handle.dir, { recursive: true, force: true });
}
