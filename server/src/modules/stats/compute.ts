import { openStatuses, statuses, type Rate, type StatsOverview, type StatsRow, type StatsTrend, type Status } from '@linli/shared';
import type { Types } from 'mongoose';
import { isOverdue } from '../reports/sla';

/** The fields statistics read; everything is computed here because FerretDB v1 runs few aggregations. */
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
  followerIds?: unknown[];
  mergedInto?: unknown;
  returns?: number;
  location?: { lng?: number; lat?: number };
}

export const statsProjection = {
  no: 1, status: 1, categoryCode: 1, gridCode: 1, channel: 1, description: 1, assigneeId: 1, createdAt: 1, assignedAt: 1, acceptedAt: 1, signBy: 1,
  resolveBy: 1, resolvedAt: 1, closedAt: 1, escalationLevel: 1, supervisionLevel: 1, supervisionStep: 1, ratings: 1, followerIds: 1, mergedInto: 1, returns: 1,
  location: 1,
} as const;

export interface Names {
  category(code: string): string;
  grid(code: string | null): string;
  assignee(id: Types.ObjectId | null): string;
}

const DAY = 86_400_000;
/** The local calendar day (YYYY-MM-DD) of a moment, at the street's UTC offset. */
export const localDay = (d: Date, offsetMin: number) => new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 10);
const ratio = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null });
const isOpen = (r: StatsReport) => (openStatuses as readonly string[]).includes(r.status);


/** The default window: the 30 local days up to today. */
export function defaultWindow(now: Date, offsetMin: number): { from: string; to: string } {
  return { from: localDay(new Date(now.getTime() - 29 * DAY), offsetMin), to: localDay(now, offsetMin) };
}

const inWindow = (r: StatsReport, w: { from: string; to: string }, offsetMin: number) => {
  const d = localDay(r.createdAt, offsetMin);
  return d >= w.from && d <= w.to;
};

/** The one-screen numbers (一屏观全局) for the reports in scope. */
export function overview(all: StatsReport[], window: { from: string; to: string }, now: Date, offsetMin: number, names: Names): StatsOverview {
  const rs = all.filter((r) => inWindow(r, window, offsetMin));
  const byStatus = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
  const byCategory = new Map<string, number>();
  const byGrid = new Map<string, { count: number; open: number }>();
  for (const r of rs) {
    byStatus[r.status] += 1;
    byCategory.set(r.categoryCode, (byCategory.get(r.categoryCode) ?? 0) + 1);
    const g = byGrid.get(r.gridCode ?? '') ?? { count: 0, open: 0 };
    g.count += 1;
    if (isOpen(r)) g.open += 1;
    byGrid.set(r.gridCode ?? '', g);
  }
  const today = localDay(now, offsetMin);
  const signDecided = rs.filter((r) => r.signBy && (r.acceptedAt || now > r.signBy));
  const resolveDecided = rs.filter((r) => r.resolveBy && (r.resolvedAt || now > r.resolveBy));
  const ratings = rs.flatMap((r) => r.ratings ?? []);
  const dispatched = rs.filter((r) => r.assignedAt || (r.returns ?? 0) > 0);
  return {
    window,
    total: rs.length,
    byStatus,
    byCategory: [...byCategory].map(([code, count]) => ({ code, name: names.category(code), count })).sort((a, b) => b.count - a.count),
    byGrid: [...byGrid].map(([code, g]) => ({ code, name: names.grid(code || null), ...g })).sort((a, b) => b.count - a.count),
    today: {
      new: all.filter((r) => localDay(r.createdAt, offsetMin) === today).length,
      overdue: all.filter((r) => isOpen(r) && isOverdue(r, now)).length,
      escalated: all.filter((r) => isOpen(r) && ((r.escalationLevel ?? 0) > 0 || (r.supervisionStep ?? 0) > 0)).length,
    },
    rates: {
      response: ratio(signDecided.filter((r) => r.acceptedAt && r.acceptedAt <= r.signBy!).length, signDecided.length),
      onTime: ratio(resolveDecided.filter((r) => r.resolvedAt && r.resolvedAt <= r.resolveBy!).length, resolveDecided.length),
      satisfaction: ratio(ratings.filter((x) => x.score >= 3).length, ratings.length),
      returns: ratio(dispatched.filter((r) => (r.returns ?? 0) > 0).length, dispatched.length),
    },
    repeats: { merged: rs.filter((r) => r.mergedInto).length, joined: rs.reduce((n, r) => n + (r.followerIds?.length ?? 0), 0) },
  };
}

/** Per local day over the last `days`: filed, resolved, closed, and deadlines missed. */
export function trends(all: StatsReport[], days: number, now: Date, offsetMin: number): StatsTrend {
  const out = new Map<string, { new: number; resolved: number; closed: number; late: number }>();
  for (let i = days - 1; i >= 0; i--) out.set(localDay(new Date(now.getTime() - i * DAY), offsetMin), { new: 0, resolved: 0, closed: 0, late: 0 });
  const bump = (d: Date | null | undefined, key: 'new' | 'resolved' | 'closed' | 'late') => {
    const slot = d ? out.get(localDay(d, offsetMin)) : undefined;
    if (slot) slot[key] += 1;
  };
  for (const r of all) {
    bump(r.createdAt, 'new');
    bump(r.resolvedAt, 'resolved');
    bump(r.closedAt, 'closed');
    if (r.signBy && r.signBy < now && (!r.acceptedAt || r.acceptedAt > r.signBy)) bump(r.signBy, 'late');
    if (r.resolveBy && r.resolveBy < now && (!r.resolvedAt || r.resolvedAt > r.resolveBy)) bump(r.resolveBy, 'late');
  }
  return { days: [...out].map(([date, v]) => ({ date, ...v })) };
}

/** The table's rows, newest first, with names instead of codes. */
export function rows(all: StatsReport[], now: Date, names: Names, statusNames: Record<Status, string>): StatsRow[] {
  return [...all]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((r) => ({
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
    }));
}

/** Filters that need the computed state (overdue) and the local calendar (window). */
export function applyFilters(all: StatsReport[], f: { status?: Status[] | undefined; overdue?: boolean | undefined }, window: { from: string; to: string }, now: Date, offsetMin: number): StatsReport[] {
  return all.filter((r) => inWindow(r, window, offsetMin) && (!f.status || f.status.includes(r.status)) && (f.overdue === undefined || isOverdue(r, now) === f.overdue));
}
