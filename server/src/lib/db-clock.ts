import type { Connection } from 'mongoose';
import type { Logger } from './logger';

export interface DbClock {
  /** The database's time now: this instance's clock corrected by the last measured offset. */
  now: () => Date;
  /** Measures the offset again (one `hello` round trip). */
  sync(): Promise<void>;
  /** Milliseconds this instance's clock is behind the database's (negative when ahead). */
  offsetMs(): number;
  stop(): void;
}

/**
 * One clock for every instance: leases, retry times, report stamps and the live feed's cursor all come from the
 * database server's clock (its `hello.localTime`), so two instances whose own clocks disagree still agree on order.
 * The offset is measured at the midpoint of a round trip and refreshed periodically; between syncs time advances
 * by this instance's own clock.
 */
export async function dbClock(conn: Connection, opts: { local?: () => Date; resyncMs?: number; logger?: Logger } = {}): Promise<DbClock> {
  const local = opts.local ?? (() => new Date());
  let offset = 0;
  const sync = async () => {
    const sent = local().getTime();
    const reply = (await conn.db!.admin().command({ hello: 1 })) as { localTime?: Date };
    const received = local().getTime();
    if (!(reply.localTime instanceof Date)) throw new Error('the database does not report its time (hello.localTime)');
    offset = reply.localTime.getTime() - (sent + received) / 2;
  };
  await sync();
  opts.logger?.info({ offsetMs: Math.round(offset) }, 'clock synchronised with the database');
  const timer = setInterval(() => {
    sync().catch((err: unknown) => opts.logger?.warn({ err }, 'clock sync failed; keeping the last offset'));
  }, opts.resyncMs ?? 60_000);
  timer.unref();
  return {
    now: () => new Date(local().getTime() + offset),
    sync,
    offsetMs: () => offset,
    stop: () => clearInterval(timer),
  };
}
