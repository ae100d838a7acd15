import mongoose, { type Connection } from 'mongoose';

// Unknown filter paths are dropped. Operator injection ({"$gt": ""}) is stopped at the boundary (zod accepts only
// primitives) and again in repositories, which match user-supplied values with an explicit $eq that a typed path casts.
// The global sanitizeFilter option is not used: it also wraps the code's own $in/$lt operators (docs/decisions.md).
mongoose.set('strictQuery', true);
mongoose.set('autoIndex', false);

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** How long to wait for a server before giving up on a query or on start-up. */
  serverSelectionTimeoutMS?: number;
}

/** Opens a dedicated connection (not mongoose's global one), so tests and benches can hold several at once. */
export async function connectDb({ uri, dbName, serverSelectionTimeoutMS = 5_000 }: ConnectOptions): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS,
    // FerretDB has no retryable writes; a real MongoDB replica set keeps its own default.
    retryWrites: false,
    maxPoolSize: 20,
  });
  await conn.asPromise();
  return conn;
}

/** Creates every model's indexes; run once at start-up, since autoIndex is off. */
export async function syncIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    await model.createIndexes();
  }
}

/** Pings the database; false when it does not answer within the timeout. */
export async function pingDb(conn: Connection, timeoutMs = 1_000): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = conn.db.admin().ping();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
    });
    await Promise.race([ping, timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
