import type { Logger } from '../../lib/logger';
import type { Models } from '../../models';

const BATCH = 1_000;

/**
 * Deletes settled outbox entries (sent, skipped) queued before `before`, a batch at a time through the status index,
 * so the outbox holds the recent past and the dead letters, not every message ever sent. Answers how many went.
 */
export async function pruneOutbox({ Outbox }: Pick<Models, 'Outbox'>, before: Date, logger?: Logger): Promise<number> {
  let n = 0;
  for (;;) {
    const old = await Outbox.find({ status: { $in: ['sent', 'skipped'] }, createdAt: { $lt: before } }, { _id: 1 }).limit(BATCH).lean<{ _id: string }[]>();
    if (old.length === 0) break;
    const { deletedCount } = await Outbox.deleteMany({ _id: { $in: old.map((o) => o._id) }, status: { $in: ['sent', 'skipped'] } });
    n += deletedCount;
    if (old.length < BATCH) break;
  }
  if (n) logger?.info({ n }, 'pruned settled outbox entries');
  return n;
}
