import mongoose, { type Connection } from 'mongoose';
import { withTimeout } from './with-timeout';

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
  /** Emit the driver's command events (benchmarks count round trips with them). */
  monitorCommands?: boolean;
}

/** Opens a dedicated connection (not mongoose's global one), so tests and benches can hold several at once. */
export async function connectDb({ uri, dbName, serverSelectionTimeoutMS = 5_000, monitorCommands = false }: ConnectOptions): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS,
    // FerretDB has no retryable writes; a real MongoDB replica set keeps its own default.
    retryWrites: false,
    maxPoolSize: 20,
    monitorCommands,
  });
  await conn.asPromise();
  return conn;
}

/** Every hot query depends on its index (docs/database.md): without one, a request would read history. */
export class IndexError extends Error {}

/**
 * Creates every model's indexes; run once at start-up, since autoIndex is off. A database that refuses one (a
 * conflicting index of the same name, a unique index over duplicate data, no permission) stops the start-up with
 * the collection, the index and the database's reason, rather than serving requests that would scan.
 */
export async function syncIndexes(conn: Connection): Promise<void> {
  for (const model of Object.values(conn.models)) {
    const coll = model.collection;
    for (const [keys, options] of model.schema.indexes()) {
      const fail = (reason: string) => new IndexError(`cannot create index ${JSON.stringify(keys)} on ${coll.collectionName}: ${reason}`);
      let name: string;
      try {
        name = await coll.createIndex(keys as Record<string, 1 | -1>, options as object);
      } catch (err) {
        throw fail((err as Error).message);
      }
      // Some servers (FerretDB) keep an existing index of the same name without a word: check it is the one declared.
      const found = (await coll.listIndexes().toArray()).find((i) => i.name === name);
      const unique = !!(options as { unique?: boolean }).unique;
      if (!found || JSON.stringify(found.key) !== JSON.stringify(keys) || !!found.unique !== unique) {
        throw fail(`an index named ${name} exists with ${found ? `keys ${JSON.stringify(found.key)}${found.unique ? ', unique' : ''}` : 'no definition'}; expected ${JSON.stringify(keys)}${unique ? ', unique' : ''}`);
      }
    }
  }
}

/** Pings the database; false when it does not answer within the timeout. */
export async function pingDb(conn: Connection, timeoutMs = 1_000): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  try {
    await withTimeout(conn.db.admin().ping(), timeoutMs, 'ping');
    return true;
  } catch {
    return false;
  }
}
