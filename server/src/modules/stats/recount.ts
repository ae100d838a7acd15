import type { Models } from '../../models';
import type { ReportRecord } from '../reports/report.types';
import type { DayTallyRecord } from './day-tally.model';
import { bucketId, dayStart, localDay, nextDay, parseBucketId, tally, type Counter, type Tally, type TallyReport } from './tally';

const tallyFields = {
  status: 1, categoryCode: 1, gridCode: 1, createdAt: 1, assignedAt: 1, acceptedAt: 1, signBy: 1, resolveBy: 1, resolvedAt: 1, closedAt: 1, ratings: 1, returns: 1,
  mergedInto: 1, followerIds: 1,
} as const;
// Every field whose day can hold a bucket of a report's counters: a day's buckets are recounted from these.
const dayFields = ['createdAt', 'resolvedAt', 'closedAt', 'signBy', 'resolveBy'] as const;

function add(into: Tally, from: Tally, keep: (id: string) => boolean): void {
  for (const [id, counts] of from) {
    if (!keep(id)) continue;
    const b = into.get(id) ?? {};
    for (const [c, n] of Object.entries(counts) as [Counter, number][]) b[c] = (b[c] ?? 0) + n;
    into.set(id, b);
  }
}

/** Writes exactly these buckets, and empties the others of the same days. */
async function replaceDays({ DayTally }: Pick<Models, 'DayTally'>, days: string[], want: Tally): Promise<number> {
  const have = await DayTally.find({ day: { $in: days } }, { _id: 1 }).lean<Pick<DayTallyRecord, '_id'>[]>();
  const ids = new Set([...have.map((h) => h._id), ...want.keys()]);
  if (ids.size === 0) return 0;
  await DayTally.collection.bulkWrite(
    [...ids].map((id) => ({ replaceOne: { filter: { _id: id }, replacement: { kind: 'day', ...parseBucketId(id), ...(want.get(id) ?? {}) }, upsert: true } })) as never[],
    { ordered: false },
  );
  return ids.size;
}

/**
 * Recomputes the day buckets of these local days from the reports that touch them — read through the date indexes,
 * so the cost follows those days' activity. Repairs counters a crash left behind, and is safe to repeat.
 */
export async function recountDays(models: Pick<Models, 'Report' | 'DayTally'>, days: string[], offsetMin: number): Promise<number> {
  const unique = [...new Set(days)];
  if (unique.length === 0) return 0;
  const ranges = unique.map((d) => ({ $gte: dayStart(d, offsetMin), $lt: dayStart(nextDay(d), offsetMin) }));
  const reports = new Map<string, TallyReport>();
  for (const field of dayFields) {
    const found = await models.Report.find({ $or: ranges.map((r) => ({ [field]: r })) }, tallyFields).lean<(TallyReport & { _id: unknown })[]>();
    for (const r of found) reports.set(String(r._id), r);
  }
  const wanted = new Set(unique);
  const want: Tally = new Map();
  for (const r of reports.values()) add(want, tally(r, offsetMin), (id) => wanted.has(parseBucketId(id).day));
  return replaceDays(models, unique, want);
}

/** The local days whose buckets a report's current state or recent history touches. */
export function daysTouchedBy(r: Pick<ReportRecord, (typeof dayFields)[number] | 'timeline'>, since: Date, offsetMin: number): string[] {
  const out = dayFields.map((f) => r[f]).filter((d): d is Date => !!d);
  // A cleared date (a reopened report's resolvedAt) left its old day in the timeline.
  for (const t of r.timeline ?? []) if (t.at >= since) out.push(t.at);
  return out.map((d) => localDay(d, offsetMin));
}

/** Rebuilds every bucket from every report: for a migration or an installation whose counters are untrusted. */
export async function rebuildTallies(models: Pick<Models, 'Report' | 'DayTally'>, offsetMin: number): Promise<number> {
  const all: Tally = new Map();
  const cursor = models.Report.find({}, tallyFields).lean<TallyReport[]>().cursor();
  for await (const r of cursor) add(all, tally(r, offsetMin), () => true);
  await models.DayTally.deleteMany({ kind: 'day' });
  const docs = [...all].map(([id, counts]) => ({ _id: id, kind: 'day' as const, ...parseBucketId(id), ...counts }));
  for (let i = 0; i < docs.length; i += 1_000) await models.DayTally.collection.insertMany(docs.slice(i, i + 1_000) as never[]);
  return docs.length;
}

export { bucketId };
