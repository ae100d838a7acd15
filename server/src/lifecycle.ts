import type http from 'node:http';
import type { Connection } from 'mongoose';
import type { Drain } from './lib/drain';
import type { EmbeddedDb } from './lib/embedded-db';
import type { Logger } from './lib/logger';
import { withTimeout } from './lib/with-timeout';

export interface StopParts {
  server: http.Server;
  drain: Drain;
  stopJobs: (() => void | Promise<void>)[];
  db: Connection;
  embedded?: EmbeddedDb;
  timeoutMs: number;
  logger: Logger;
  /** How long to keep accepting after the stop begins, so requests already on their way are answered, not reset. */
  graceMs?: number;
}

/**
 * The one way this process ends: stop accepting, answer open long-polls at once, let in-flight requests finish, stop
 * the workers, close the database connection, then stop the embedded database — on every path, the timeout's too,
 * so no database process outlives the server.
 */
export function gracefulStop(parts: StopParts): (reason: string, exitCode: number) => Promise<void> {
  const { server, drain, stopJobs, db, embedded, timeoutMs, logger, graceMs = 1_000 } = parts;
  // Each step is bounded: a database that is already gone must not hold the exit.
  const step = async (what: string, run: () => unknown, ms = 5_000) => {
    try {
      await withTimeout(Promise.resolve().then(run), ms, what);
    } catch (err) {
      logger.error({ err }, `${what} did not stop cleanly`);
    }
  };
  let finishing: Promise<void> | undefined;
  const finish = (exitCode: number) =>
    (finishing ??= (async () => {
      for (const stopJob of stopJobs) await step('a job', stopJob);
      await step('the database connection', () => db.close(), 3_000);
      // Always attempted, whatever came before: the embedded database never outlives the server.
      await step('the embedded database', () => embedded?.stop(), 7_000);
      logger.info({ exitCode }, 'stopped');
      process.exit(exitCode);
    })());

  let started = false;
  return async (reason, exitCode) => {
    if (started) return;
    started = true;
    logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'requests still open at the shutdown timeout; closing them');
      server.closeAllConnections();
      void finish(1);
    }, timeoutMs);
    force.unref();
    // Long-polls answer now, and every answer says Connection: close. Requests a client already wrote — on a new
    // connection or an idle kept-alive one — are still served for a moment: closing at once would reset them.
    drain.start();
    await new Promise((r) => setTimeout(r, graceMs));
    // Stops accepting and closes idle connections (Node ≥ 19); in-flight requests finish on theirs.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    await finish(exitCode);
  };
}
