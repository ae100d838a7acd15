import { randomUUID } from 'node:crypto';
import { acquireLease } from '../lib/job-lease';
import type { ReportDeps } from '../modules/reports/report-deps';
import type { ReportRecord } from '../modules/reports/report.types';
import { daysTouchedBy, recountDays } from '../modules/stats/recount';
import { localDay } from '../modules/stats/tally';

type Deps = Pick<ReportDeps, 'models' | 'calendar' | 'clock' | 'logger'>;

const HOUR = 3_600_000;
const owner = randomUUID();

/**
 * Repairs the statistics' day buckets (modules/stats/tally.ts): the days touched by reports that changed in the last
 * `lookbackMs`, and — with `days` — each of the last `days` local days. A crash between a report's write and its
 * counters' write is therefore corrected within the hour. Runs under a lease, so one instance does it.
 */
export async function recountRecent(deps: Deps, lookbackMs: number, days = 0): Promise<{ ran: boolean; days: number }> {
  const now = deps.clock();
  if (!(await acquireLease(deps.models.JobLease, 'recount-tallies', owner, now, 10 * 60_000))) return { ran: false, days: 0 };
  const offset = (await deps.calendar.get()).utcOffsetMinutes;
  const since = new Date(now.getTime() - lookbackMs);
  const changed = await deps.models.Report.find({ updatedAt: { $gte: since } }, { createdAt: 1, resolvedAt: 1, closedAt: 1, signBy: 1, resolveBy: 1, timeline: 1 }).lean<ReportRecord[]>();
  const touched = new Set(changed.flatMap((r) => daysTouchedBy(r, since, offset)));
  for (let i = 0; i < days; i++) touched.add(localDay(new Date(now.getTime() - i * 24 * HOUR), offset));
  await recountDays(deps.models, [...touched], offset);
  return { ran: true, days: touched.size };
}

/** Hourly: the days touched in the last two hours; daily: the last 14 days as well. Returns a stop function. */
export function scheduleRecount(deps: Deps): () => void {
  let lastFull = 0;
  const run = () => {
    const full = deps.clock().getTime() - lastFull > 24 * HOUR;
    if (full) lastFull = deps.clock().getTime();
    recountRecent(deps, 2 * HOUR, full ? 14 : 0).catch((err: unknown) => deps.logger.error({ err }, 'statistics recount failed'));
  };
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
