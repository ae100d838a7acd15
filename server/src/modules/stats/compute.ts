import { openStatuses, statuses, type Rate, type StatsOverview, type StatsRow, type StatsTrend, type Status } from '@linli/shared';
import type { Types } from 'mongoose';
import { isOverdue } from '../reports/sla';
import { localDay, type Counter } from './tally';

/** The fields the table, the map and today's numbers read of a report. */
export interface StatsReport {
  _id: Types.ObjectId;
  no: string;
  status: Status;
  categoryCode: string;
  gridCode: string | null;
  channel: string;
  description: string;
  assigneeId: Types.ObjectId | null;
  createdAt: Date;
  assignedAt?: Date | null;
  acceptedAt?: Date | null;
  signBy?: Date | null;
  resolveBy?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  escalationLevel?: number;
  supervisionLevel?: 'none' | 'yellow' | 'red';
  supervisionStep?: number;
  ratings?: { score: number; round: number }[];
  location?: { lng?: number; lat?: number };
}

export const statsProjection = {
  no: 1, status: 1, categoryCode: 1, gridCode: 1, channel: 1, description: 1, assigneeId: 1, createdAt: 1, assignedAt: 1, acceptedAt: 1, signBy: 1,
  resolveBy: 1, resolvedAt: 1, closedAt: 1, escalationLevel: 1, supervisionLevel: 1, supervisionStep: 1, ratings: 1, location: 1,
} as const;

export interface Names {
  category(code: string): string;
  grid(code: string | null): string;
  assignee(id: Types.ObjectId | null): string;
  /** Position in the catalogue, for ordering categories with equal counts. */
  categoryOrder(code: string): number;
}

/** One day bucket's counters, already narrowed to the caller's scope and corrected for deadlines still ahead. */
export interface Bucket {
  day: string;
  gridCode: string;
  categoryCode: string;
  counts: Partial<Record<Counter, number>>;
}

const DAY = 86_400_000;
export { localDay };
const ratio = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null });
const isOpen = (r: { status: Status }) => (openStatuses as readonly string[]).includes(r.status);
const n = (b: Bucket, c: Counter) => b.counts[c] ?? 0;
const sum = (bs: Bucket[], c: Counter) => bs.reduce((t, b) => t + n(b, c), 0);

/** The default window: the 30 local days up to today. */
export function defaultWindow(now: Date, offsetMin: number): { from: string; to: string } {
  return { from: localDay(new Date(now.getTime() - 29 * DAY), offsetMin), to: localDay(now, offsetMin) };
}

/** Σ of a counter per key, keeping only keys with a non-zero count. */
function grouped(bs: Bucket[], key: (b: Bucket) => string, counters: Counter[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const b of bs) {
    const row = out.get(key(b)) ?? counters.map(() => 0);
    counters.forEach((c, i) => (row[i]! += n(b, c)));
    out.set(key(b), row);
  }
  for (const [k, row] of out) if (row[0] === 0) out.delete(k);
  return out;
}

/**
 * The one-screen numbers (一屏观全局): everything over reports filed in the window comes from the day buckets; what
 * is true "now" (late, escalated) from the open reports, a set bounded by the backlog, not by history.
 */
export function overview(buckets: Bucket[], open: StatsReport[], window: { from: string; to: string }, now: Date, offsetMin: number, names: Names): StatsOverview {
  const rs = buckets.filter((b) => b.day >= window.from && b.day <= window.to);
  const today = localDay(now, offsetMin);
  const openOnes: Counter[] = openStatuses.map((s) => `st_${s}` as Counter);
  return {
    window,
    total: sum(rs, 'filed'),
    byStatus: Object.fromEntries(statuses.map((s) => [s, sum(rs, `st_${s}`)])) as Record<Status, number>,
    byCategory: [...grouped(rs, (b) => b.categoryCode, ['filed'])]
      .map(([code, [count]]) => ({ code, name: names.category(code), count: count! }))
      .sort((a, b) => b.count - a.count || names.categoryOrder(a.code) - names.categoryOrder(b.code)),
    byGrid: [...grouped(rs, (b) => b.gridCode, ['filed', ...openOnes])]
      .map(([code, [count, ...openCounts]]) => ({ code, name: names.grid(code || null), count: count!, open: openCounts.reduce((t, x) => t + x, 0) }))
      .sort((a, b) => b.count - a.count || Number(a.code === '') - Number(b.code === '') || a.code.localeCompare(b.code)),
    today: {
      new: sum(
        buckets.filter((b) => b.day === today),
        'filed',
      ),
      overdue: open.filter((r) => isOverdue(r, now)).length,
      escalated: open.filter((r) => (r.escalationLevel ?? 0) > 0 || (r.supervisionStep ?? 0) > 0).length,
    },
    rates: {
      response: ratio(sum(rs, 'signOnTime'), sum(rs, 'signDecided')),
      onTime: ratio(sum(rs, 'resolveOnTime'), sum(rs, 'resolveDecided')),
      satisfaction: ratio(sum(rs, 'ratedGood'), sum(rs, 'rated')),
      returns: ratio(sum(rs, 'returned'), sum(rs, 'dispatched')),
    },
    repeats: { merged: sum(rs, 'merged'), joined: sum(rs, 'joined') },
  };
}

/** Per local day over the last `days`: filed, resolved, closed, and deadlines missed — all from the day buckets. */
export function trends(buckets: Bucket[], days: number, now: Date, offsetMin: number): StatsTrend {
  const out = new Map<string, { new: number; resolved: number; closed: number; late: number }>();
  for (let i = days - 1; i >= 0; i--) out.set(localDay(new Date(now.getTime() - i * DAY), offsetMin), { new: 0, resolved: 0, closed: 0, late: 0 });
  for (const b of buckets) {
    const slot = out.get(b.day);
    if (!slot) continue;
    slot.new += n(b, 'filed');
    slot.resolved += n(b, 'evResolved');
    slot.closed += n(b, 'evClosed');
    slot.late += n(b, 'evLate');
  }
  return { days: [...out].map(([date, v]) => ({ date, ...v })) };
}

/** One table row, with names instead of codes. */
export function row(r: StatsReport, now: Date, names: Names, statusNames: Record<Status, string>): StatsRow {
  return {
    id: String(r._id),
    no: r.no,
    createdAt: r.createdAt.toISOString(),
    status: r.status,
    statusName: statusNames[r.status],
    categoryName: names.category(r.categoryCode),
    gridName: names.grid(r.gridCode),
    channel: r.channel,
    description: r.description,
    assignee: names.assignee(r.assigneeId),
    signBy: r.signBy ? r.signBy.toISOString() : null,
    resolveBy: r.resolveBy ? r.resolveBy.toISOString() : null,
    overdue: isOverdue(r, now),
    supervision: r.supervisionLevel ?? 'none',
    rating: r.ratings?.at(-1)?.score ?? null,
  };
}

export { isOpen };
