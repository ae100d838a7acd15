/** Which database failures are the server's temporary trouble (503, try again) rather than a bug (500). */
export type DbTrouble = 'DB_UNAVAILABLE' | 'STORAGE_UNAVAILABLE';

const unreachable = new Set(['MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoServerSelectionError', 'MongoPoolClearedError', 'MongoTopologyClosedError', 'MongoNotConnectedError']);
const socketGone = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED']);
// FerretDB's SQLite backend reports a full disk as "database or disk is full" and a refused write as "disk I/O error".
const storage = /database or disk is full|disk I\/O error|ENOSPC|OutOfDiskSpace|No space left on device|database is locked/i;

export function dbTroubleOf(err: unknown): DbTrouble | null {
  if (!(err instanceof Error)) return null;
  if (unreachable.has(err.name) || /buffering timed out|Client must be connected|connection .* closed/i.test(err.message)) return 'DB_UNAVAILABLE';
  // A write to the database's socket in the instant it died surfaces as Node's own socket error, not the driver's.
  if (socketGone.has((err as { code?: string }).code ?? '') || /socket has been ended by the other party/i.test(err.message)) return 'DB_UNAVAILABLE';
  if ((err.name.startsWith('Mongo') || err.name === 'Error') && storage.test(err.message)) return 'STORAGE_UNAVAILABLE';
  return null;
}
