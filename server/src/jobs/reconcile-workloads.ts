import type { Logger } from '../lib/logger';
import type { Models } from '../models';
import { reconcileWorkloads } from '../modules/reports/workload';

/** Recounts assignees' open reports now and then every `everyMs`; returns a stop function. */
export function scheduleWorkloadReconcile(models: Models, logger: Logger, everyMs = 60 * 60_000): () => void {
  const run = () =>
    reconcileWorkloads(models)
      .then((changed) => changed && logger.info({ changed }, 'workload counters repaired'))
      .catch((err: unknown) => logger.error({ err }, 'workload reconcile failed'));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
