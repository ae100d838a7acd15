import { parseBucketId, type Tally } from './tally';

/** Bulk-write operations that add a tally delta to its day buckets, creating a bucket on its first count. */
export function dayTallyOps(delta: Tally): object[] {
  return [...delta].map(([id, counters]) => ({
    updateOne: { filter: { _id: id }, update: { $inc: counters, $setOnInsert: { kind: 'day', ...parseBucketId(id) } }, upsert: true },
  }));
}
