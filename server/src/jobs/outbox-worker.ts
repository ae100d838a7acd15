import { randomUUID } from 'node:crypto';
import type { DeliverDeps } from '../modules/notifications/deliver';
import { deliver } from '../modules/notifications/deliver';
import type { OutboxRecord } from '../modules/notifications/outbox.model';
import { pruneOutbox } from '../modules/notifications/prune';

const PRUNE_EVERY_MS = 10 * 60_000;

export interface OutboxOptions {
  pollMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  leaseMs?: number;
  /** Sent and skipped entries are deleted this many days after they were queued; dead letters stay. */
  retentionDays?: number;
  clock?: () => Date;
  random?: () => number;
}

/** Exponential backoff with full jitter: somewhere in [base·2^(n-1) / 2, base·2^(n-1)], capped at an hour. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

// Entries claimed per round trip, and delivered at once: WeChat's send is the slow part.
const BATCH = 50;
const CONCURRENCY = 8;
// An entry whose change is not written yet is looked at again after this long.
const NOT_YET_MS = 2_000;

/**
 * Claims due outbox entries in batches with a lease — one indexed read of the due ones, one conditional write on their
 * _ids — so several instances never work on the same entry; a crashed instance's lease simply expires and another
 * picks the entry up. Each entry is settled by _id as soon as its delivery ends.
 */
export function outboxWorker(deps: DeliverDeps, opts: OutboxOptions) {
  const owner = randomUUID();
  const clock = opts.clock ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 30_000;
  const { Outbox } = deps.models;
  const claimable = (now: Date) => ({ status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now } });

  async function claim(): Promise<OutboxRecord[]> {
    const now = clock();
    const due = await Outbox.find(claimable(now), { _id: 1, leaseUntil: 1 })
      .sort({ nextAttemptAt: 1 })
      .limit(BATCH * 2)
      .lean<Pick<OutboxRecord, '_id' | 'leaseUntil'>[]>();
    const ids = due.filter((d) => !d.leaseUntil || d.leaseUntil < now).slice(0, BATCH).map((d) => d._id);
    if (ids.length === 0) return [];
    const token = randomUUID();
    await Outbox.updateMany(
      { _id: { $in: ids }, ...claimable(now), $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { $set: { status: 'sending', leaseOwner: owner, leaseToken: token, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
    );
    return Outbox.find({ _id: { $in: ids }, leaseToken: token }).lean<OutboxRecord[]>();
  }

  async function settle(entry: OutboxRecord): Promise<void> {
    const attempt = await deliver(deps, entry, clock()).catch((err: unknown): { status: 'retry'; error: string } => ({ status: 'retry', error: (err as Error).message }));
    const now = clock();
    const mine = { _id: entry._id, leaseOwner: owner };
    const release = { leaseOwner: null, leaseUntil: null, leaseToken: null };
    if (attempt.status === 'sent') {
      await Outbox.updateOne(mine, { $set: { ...release, status: 'sent', sentAt: now, msgid: attempt.msgid, lastError: attempt.note ?? null } });
    } else if (attempt.status === 'skipped') {
      await Outbox.updateOne(mine, { $set: { ...release, status: 'skipped', lastError: attempt.reason } });
    } else if (attempt.status === 'wait') {
      // Not a failed attempt: the change it announces is still on its way (pending.ts).
      await Outbox.updateOne(mine, { $set: { ...release, status: 'pending', nextAttemptAt: new Date(now.getTime() + NOT_YET_MS) }, $inc: { attempts: -1 } });
    } else if (attempt.status === 'dead' || entry.attempts >= opts.maxAttempts) {
      await Outbox.updateOne(mine, { $set: { ...release, status: 'dead', lastError: attempt.error } });
      deps.logger.error({ key: entry._id, error: attempt.error, attempts: entry.attempts }, 'notification dead-lettered');
    } else {
      const delay = backoffMs(entry.attempts, opts.baseDelayMs, opts.random);
      await Outbox.updateOne(mine, { $set: { ...release, status: 'pending', lastError: attempt.error, nextAttemptAt: new Date(now.getTime() + delay) } });
    }
  }

  /** Works until nothing is due; answers how many entries it settled. */
  async function drain(): Promise<number> {
    let n = 0;
    for (let batch = await claim(); batch.length; batch = await claim()) {
      for (let i = 0; i < batch.length; i += CONCURRENCY) await Promise.all(batch.slice(i, i + CONCURRENCY).map(settle));
      n += batch.length;
    }
    return n;
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastPrune = 0;
  let running: Promise<void> = Promise.resolve();
  async function tick(): Promise<void> {
    try {
      if (clock().getTime() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = clock().getTime();
        await pruneOutbox(deps.models, new Date(clock().getTime() - (opts.retentionDays ?? 7) * 86_400_000), deps.logger);
      }
      await drain();
    } catch (err) {
      deps.logger.error({ err }, 'outbox tick failed');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), opts.pollMs);
  }

  return {
    owner,
    drain,
    start(): void {
      stopped = false;
      running = tick();
    },
    /** Stops polling; resolves once the pass under way (if any) has settled what it claimed. */
    stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      return running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof outboxWorker>;
