import type { ReportDeps } from '../modules/reports/report-deps';
import type { Report } from '../modules/reports/report-view';
import { guardedUpdate } from '../modules/reports/report-writes';
import { decide, needsVerification } from '../modules/reports/decide';

const DAY = 86_400_000;
type Deps = Pick<ReportDeps, 'models' | 'calendar' | 'clock' | 'logger' | 'categories'>;

/**
 * Archives resolved reports the resident did not rate within `days` — the lifecycle's `close` taken by the system, so
 * it passes through 核查 where that is required. Safe to run on several instances at once.
 */
export async function closeUnratedReports(deps: Deps, days: number): Promise<number> {
  const now = deps.clock();
  const stale = await deps.models.Report.find({ status: 'resolved', resolvedAt: { $lte: new Date(now.getTime() - days * DAY) } })
    .limit(500)
    .lean<Report[]>();
  let closed = 0;
  for (const report of stale) {
    try {
      const category = await deps.categories.get(report.categoryCode);
      const { update, entries } = decide(report, {
        action: 'close',
        actor: { id: null, role: 'system', inScope: true, entry: { role: 'system' } },
        input: { note: `办结${days}天未评价，自动归档`, photoIds: [] },
        now,
        deadlines: null,
        verificationRequired: needsVerification(category),
      });
      await guardedUpdate(deps, report, update, entries);
      closed += 1;
    } catch (err) {
      // Another instance (or the resident's rating) got there first: nothing to do. Anything else is worth a log line.
      if ((err as { code?: string }).code !== 'REPORT_CHANGED') deps.logger.error({ err, reportId: String(report._id) }, 'auto-close failed');
    }
  }
  if (closed) deps.logger.info({ closed }, 'auto-closed unrated reports');
  return closed;
}

/** Runs the auto-close sweep every `everyMs`; returns a stop function. */
export function scheduleAutoClose(deps: Deps, days: number, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => {
    closeUnratedReports(deps, days).catch((err: unknown) => deps.logger.error({ err }, 'auto-close failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
