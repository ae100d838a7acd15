import { openStatuses, type StatsFilter } from '@linli/shared';
import type { FilterQuery } from 'mongoose';
import type { Models } from '../../models';
import type { GridIndex } from '../grids/spatial-index';
import type { ReportDoc } from '../reports/report.model';
import type { User } from '../users/users.repository';
import type { Bucket, StatsReport } from './compute';
import { statsProjection } from './compute';
import { dayStart, nextDay, pendingDeadlines, type Counter, type TallyReport } from './tally';
import type { DayTallyRecord } from './day-tally.model';

/**
 * What a statistics caller may count: the grids (null = all, including reports outside every grid) and the category.
 * A leader counts their grids' subtrees; a grid filter narrows to that grid's subtree.
 */
export interface StatsScope {
  grids: Set<string> | null;
  categoryCode?: string;
}

export function statsScope(user: User, f: Pick<StatsFilter, 'gridCode' | 'categoryCode'>, index: GridIndex): StatsScope {
  const subtree = (code: string) => {
    const codes = index.subtree(code);
    return codes.length ? codes : [code];
  };
  // Leaders and scoped command centres (a street's, a district's) count their own subtree only.
  const scopedUser = user.role === 'grid_leader' || (user.role === 'dispatcher' && user.gridCodes.length > 0);
  let grids: Set<string> | null = scopedUser ? new Set(user.gridCodes.flatMap(subtree)) : null;
  if (f.gridCode) {
    const wanted = subtree(f.gridCode);
    grids = new Set(grids ? wanted.filter((c) => grids!.has(c)) : wanted);
  }
  return { grids, ...(f.categoryCode ? { categoryCode: f.categoryCode } : {}) };
}

const inScope = (s: StatsScope, gridCode: string | null, categoryCode: string) =>
  (!s.grids || s.grids.has(gridCode ?? '')) && (!s.categoryCode || s.categoryCode === categoryCode);

/** The report filter for a scope: the table, the map and today's numbers read reports through it. */
export function reportFilter(s: StatsScope): FilterQuery<ReportDoc>[] {
  return [...(s.grids ? [{ gridCode: { $in: [...s.grids] } }] : []), ...(s.categoryCode ? [{ categoryCode: { $eq: s.categoryCode } }] : [])];
}

const tallyFields = { status: 1, categoryCode: 1, gridCode: 1, createdAt: 1, acceptedAt: 1, signBy: 1, resolveBy: 1, resolvedAt: 1 } as const;

/**
 * The day buckets from `from` to `to` (local days, inclusive) in scope, less what reports whose deadline is still ahead
 * must not count yet (tally.ts). Reads the buckets by the day index and those reports by the deadline indexes.
 */
export async function loadBuckets(
  models: Pick<Models, 'DayTally' | 'Report'>,
  s: StatsScope,
  days: { from: string; to: string },
  now: Date,
  /** The street's UTC offset: the one the writes used to pick each bucket's day. */
  offsetMin: number,
): Promise<Bucket[]> {
  const [rows, ahead] = await Promise.all([
    models.DayTally.find({ day: { $gte: days.from, $lte: days.to } }).lean<DayTallyRecord[]>(),
    models.Report.find({ $or: [{ signBy: { $gte: now } }, { resolveBy: { $gte: now } }] }, tallyFields).lean<TallyReport[]>(),
  ]);
  const buckets = new Map<string, Bucket>();
  for (const r of rows) {
    if (!inScope(s, r.gridCode, r.categoryCode)) continue;
    const { _id, kind: _k, day, gridCode, categoryCode, ...counts } = r;
    buckets.set(_id, { day, gridCode, categoryCode, counts: counts as Bucket['counts'] });
  }
  for (const r of ahead) {
    if (!inScope(s, r.gridCode, r.categoryCode)) continue;
    for (const [id, counts] of pendingDeadlines(r, now, offsetMin)) {
      const b = buckets.get(id);
      if (!b) continue;
      for (const [c, k] of Object.entries(counts) as [Counter, number][]) b.counts[c] = (b.counts[c] ?? 0) - k;
    }
  }
  return [...buckets.values()];
}

/** Open reports in scope: today's late and escalated counts, and the map. Bounded by the backlog. */
export function loadOpen(models: Pick<Models, 'Report'>, s: StatsScope): Promise<StatsReport[]> {
  return models.Report.find({ $and: [{ status: { $in: [...openStatuses] } }, ...reportFilter(s)] }, statsProjection).lean<StatsReport[]>().exec();
}

/** The table's reports filed in a window of local days, newest first, as a cursor: through the createdAt index. */
export function tableCursor(models: Pick<Models, 'Report'>, s: StatsScope, w: { from: string; to: string }, offsetMin: number, status?: string[]) {
  const conditions: FilterQuery<ReportDoc>[] = [...reportFilter(s), ...(status?.length ? [{ status: { $in: status } }] : [])];
  return models.Report.find({ createdAt: { $gte: dayStart(w.from, offsetMin), $lt: dayStart(nextDay(w.to), offsetMin) }, ...(conditions.length ? { $and: conditions } : {}) }, statsProjection)
    .sort({ createdAt: -1 })
    .lean<StatsReport[]>()
    .cursor();
}
