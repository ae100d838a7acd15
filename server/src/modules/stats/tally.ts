import { statuses, type Status } from '@linli/shared';
import type { Types } from 'mongoose';

/**
 * What one report adds to the command centre's day counters, as a pure function of its stored state.
 *
 * Counters live in buckets keyed by local day × grid × category. "Cohort" counters go to the day the report was
 * filed (the console's numbers are over reports filed in a window); "event" counters to the day something happened
 * (trends). Each write to a report adds tally(after) − tally(before), so the console reads O(days × grids ×
 * categories) buckets, never the reports (docs/decisions.md).
 *
 * Deadlines make two counters depend on time: a report not signed by its deadline is "late" only once the deadline
 * has passed. The tally counts it as it will be (late) and statistics subtract the few reports whose deadline is
 * still ahead (`pendingDeadlines`), read through the deadline indexes.
 */
export interface TallyReport {
  status: Status;
  categoryCode: string;
  gridCode: string | null;
  createdAt: Date;
  assignedAt?: Date | null;
  acceptedAt?: Date | null;
  signBy?: Date | null;
  resolveBy?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  ratings?: { score: number }[];
  returns?: number;
  mergedInto?: Types.ObjectId | null | unknown;
  followerIds?: unknown[];
}

export const cohortCounters = [
  'filed',
  ...statuses.map((s) => `st_${s}` as const),
  'signDecided',
  'signOnTime',
  'resolveDecided',
  'resolveOnTime',
  'rated',
  'ratedGood',
  'dispatched',
  'returned',
  'merged',
  'joined',
] as const;
export const eventCounters = ['evResolved', 'evClosed', 'evLate'] as const;
export type Counter = (typeof cohortCounters)[number] | (typeof eventCounters)[number];
export const allCounters: readonly Counter[] = [...cohortCounters, ...eventCounters];

/** Bucket key parts; the grid is '' for reports outside every grid. */
export interface BucketKey {
  day: string;
  gridCode: string;
  categoryCode: string;
}

export type Tally = Map<string, Partial<Record<Counter, number>>>;

const DAY = 86_400_000;
/** The local calendar day (YYYY-MM-DD) of a moment, at the street's UTC offset. */
export const localDay = (d: Date, offsetMin: number) => new Date(new Date(d).getTime() + offsetMin * 60_000).toISOString().slice(0, 10);
/** The UTC moment a local day starts. */
export const dayStart = (day: string, offsetMin: number) => new Date(Date.parse(`${day}T00:00:00Z`) - offsetMin * 60_000);
export const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

export const bucketId = (k: BucketKey) => `d|${k.day}|${k.gridCode}|${k.categoryCode}`;
export function parseBucketId(id: string): BucketKey {
  const [, day, gridCode, categoryCode] = id.split('|');
  return { day: day!, gridCode: gridCode!, categoryCode: categoryCode! };
}

const SAT = 3; // a rating of 3 or more counts as satisfied

/** The counters one report contributes, per bucket. */
export function tally(r: TallyReport, offsetMin: number): Tally {
  const out: Tally = new Map();
  const add = (at: Date, counter: Counter, n = 1) => {
    if (!n) return;
    const id = bucketId({ day: localDay(at, offsetMin), gridCode: r.gridCode ?? '', categoryCode: r.categoryCode });
    const b = out.get(id) ?? {};
    b[counter] = (b[counter] ?? 0) + n;
    out.set(id, b);
  };
  const filed = r.createdAt;
  add(filed, 'filed');
  add(filed, `st_${r.status}`);
  if (r.signBy) {
    add(filed, 'signDecided');
    if (r.acceptedAt && r.acceptedAt <= r.signBy) add(filed, 'signOnTime');
    if (!r.acceptedAt || r.acceptedAt > r.signBy) add(r.signBy, 'evLate');
  }
  if (r.resolveBy) {
    add(filed, 'resolveDecided');
    if (r.resolvedAt && r.resolvedAt <= r.resolveBy) add(filed, 'resolveOnTime');
    if (!r.resolvedAt || r.resolvedAt > r.resolveBy) add(r.resolveBy, 'evLate');
  }
  const ratings = r.ratings ?? [];
  add(filed, 'rated', ratings.length);
  add(filed, 'ratedGood', ratings.filter((x) => x.score >= SAT).length);
  if (r.assignedAt || (r.returns ?? 0) > 0) add(filed, 'dispatched');
  if ((r.returns ?? 0) > 0) add(filed, 'returned');
  if (r.mergedInto) add(filed, 'merged');
  add(filed, 'joined', r.followerIds?.length ?? 0);
  if (r.resolvedAt) add(r.resolvedAt, 'evResolved');
  if (r.closedAt) add(r.closedAt, 'evClosed');
  return out;
}

/** after − before, without the zeros: what one write changes. */
export function tallyDelta(before: TallyReport | null, after: TallyReport | null, offsetMin: number): Tally {
  const out: Tally = new Map();
  const merge = (t: Tally, sign: 1 | -1) => {
    for (const [id, counters] of t) {
      const b = out.get(id) ?? {};
      for (const [c, n] of Object.entries(counters) as [Counter, number][]) b[c] = (b[c] ?? 0) + sign * n;
      out.set(id, b);
    }
  };
  if (after) merge(tally(after, offsetMin), 1);
  if (before) merge(tally(before, offsetMin), -1);
  for (const [id, counters] of out) {
    for (const c of Object.keys(counters) as Counter[]) if (!counters[c]) delete counters[c];
    if (Object.keys(counters).length === 0) out.delete(id);
  }
  return out;
}

/** What statistics must take away for a report whose deadline is still ahead at `now` (see above). */
export function pendingDeadlines(r: TallyReport, now: Date, offsetMin: number): Tally {
  const out: Tally = new Map();
  const add = (at: Date, counter: Counter) => {
    const id = bucketId({ day: localDay(at, offsetMin), gridCode: r.gridCode ?? '', categoryCode: r.categoryCode });
    const b = out.get(id) ?? {};
    b[counter] = (b[counter] ?? 0) + 1;
    out.set(id, b);
  };
  if (r.signBy && !r.acceptedAt && r.signBy >= now) {
    add(r.createdAt, 'signDecided');
    add(r.signBy, 'evLate');
  }
  if (r.resolveBy && !r.resolvedAt && r.resolveBy >= now) {
    add(r.createdAt, 'resolveDecided');
    add(r.resolveBy, 'evLate');
  }
  return out;
}
