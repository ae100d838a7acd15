import { randomUUID } from 'node:crypto';
import { acquireLease } from '../lib/job-lease';
import type { ReportDeps } from '../modules/reports/report-deps';
import { applyRetention, type RetentionOptions } from '../modules/privacy/retention';

const owner = randomUUID();

/**
 * Hourly under a lease: up to ten batches of reports past their retention period, then `alsoPurge` (stale console
 * sign-ins). Returns a stop function.
 */
export function scheduleRetention(deps: ReportDeps, opts: RetentionOptions, alsoPurge: () => Promise<unknown> = async () => {}, everyMs = 3_600_000): () => void {
  const run = async () => {
    if (!(await acquireLease(deps.models.JobLease, 'retention', owner, deps.clock(), 30 * 60_000))) return;
    for (let i = 0; i < 10; i++) if ((await applyRetention(deps, opts)).anonymised === 0) break;
    await alsoPurge();
  };
  const timer = setInterval(() => void run().catch((err: unknown) => deps.logger.error({ err }, 'retention pass failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
