import type { ReportDeps } from '../modules/reports/report-deps';
import type { Report } from '../modules/reports/report-view';
import { guardedUpdate } from '../modules/reports/report-writes';

const DAY = 86_400_000;

/** Archives resolved reports the resident did not rate within `days`; safe to run on several instances at once. */
export async function closeUnratedReports(deps: Pick<ReportDeps, 'models' | 'calendar' | 'clock' | 'logger'>, days: number): Promise<number> {
  const now = deps.clock();
  const stale = await deps.models.Report.find({ status: 'resolved', resolvedAt: { $lte: new Date(now.getTime() - days * DAY) } })
    .limit(500)
    .lean<Report[]>();
  let closed = 0;
  for (const report of stale) {
    try {
      await guardedUpdate(deps, report, { $set: { status: 'closed', closedAt: now } }, [
        { at: now, actor: { role: 'system' }, action: 'close', from: 'resolved', to: 'closed', note: `办结${days}天未评价，自动归档` },
      ]);
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
export function scheduleAutoClose(deps: Pick<ReportDeps, 'models' | 'calendar' | 'clock' | 'logger'>, days: number, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => {
    closeUnratedReports(deps, days).catch((err: unknown) => deps.logger.error({ err }, 'auto-close failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
