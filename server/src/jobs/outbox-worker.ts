import { randomUUID } from 'node:crypto';
import type { DeliverDeps } from '../modules/notifications/deliver';
import { deliver } from '../modules/notifications/deliver';
import type { OutboxRecord } from '../modules/notifications/outbox.model';
import { sweepPending } from '../modules/notifications/pending';

export interface OutboxOptions {
  pollMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  leaseMs?: number;
  clock?: () => Date;
  random?: () => number;
}

/** Exponential backoff with full jitter: somewhere in [base·2^(n-1) / 2, base·2^(n-1)], capped at an hour. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Claims outbox entries one at a time with a lease (findOneAndUpdate), so several instances never work on the
 * same entry; a crashed instance's lease simply expires and another picks the entry up.
 */
export function outboxWorker(deps: DeliverDeps, opts: OutboxOptions) {
  const owner = randomUUID();
  const clock = opts.clock ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 30_000;
  const { Outbox } = deps.models;

  async function claim(): Promise<OutboxRecord | null> {
    const now = clock();
    return Outbox.findOneAndUpdate(
      { status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { $set: { status: 'sending', leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
      { new: true, sort: { nextAttemptAt: 1 } },
    ).lean<OutboxRecord>();
  }

  async function settle(entry: OutboxRecord): Promise<void> {
    const attempt = await deliver(deps, entry).catch((err: unknown): { status: 'retry'; error: string } => ({ status: 'retry', error: (err as Error).message }));
    const now = clock();
    const mine = { _id: entry._id, leaseOwner: owner };
    const release = { leaseOwner: null, leaseUntil: null };
    if (attempt.status === 'sent') {
      await Outbox.updateOne(mine, { $set: { ...release, status: 'sent', sentAt: now, msgid: attempt.msgid, lastError: attempt.note ?? null } });
    } else if (attempt.status === 'skipped') {
      await Outbox.updateOne(mine, { $set: { ...release, status: 'skipped', lastError: attempt.reason } });
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
    for (let entry = await claim(); entry; entry = await claim()) {
      await settle(entry);
      n++;
    }
    return n;
  }

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastSweep = 0;
  async function tick(): Promise<void> {
    try {
      if (clock().getTime() - lastSweep > 30_000) {
        lastSweep = clock().getTime();
        await sweepPending(deps.models, clock(), deps.logger);
      }
      await drain();
    } catch (err) {
      deps.logger.error({ err }, 'outbox tick failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), opts.pollMs);
  }

  return {
    owner,
    drain,
    start(): void {
      stopped = false;
      void tick();
    },
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type OutboxWorker = ReturnType<typeof outboxWorker>;
