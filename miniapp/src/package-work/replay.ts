import type { actionQueue } from '../lib/action-queue';
import { actOnReport } from '../services/api';
import { RequestError } from '../services/request';

/** Replays queued actions with their keys: network failures keep them, a refusal (409/403/…) drops them. */
export function replayQueue(queue: ReturnType<typeof actionQueue>) {
  return queue.replay(async (a) => {
    try {
      await actOnReport(a.reportId, a.body, a.key);
      return 'sent';
    } catch (err) {
      return err instanceof RequestError && err.isNetwork ? 'offline' : 'refused';
    }
  });
}
