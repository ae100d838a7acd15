import { platform } from '../platform';
import { clientConfig } from '../services/client-config';
import { reportSubscriptions } from '../services/api';

/**
 * Asks for WeChat progress messages. Call it as the first thing a tap handler does, before any await: WeChat shows
 * the dialog only then. Answers a promise of the user's answers (null when nothing could be asked), to await later.
 */
export function askSubscription(): Promise<Record<string, string> | null> {
  // Called even with no templates configured: the H5 build checks the tap rule there too.
  return platform.requestSubscribe(clientConfig.now()?.subscribeTemplateIds ?? []);
}

/** Tells the server what the resident answered, quietly: the report or rating does not depend on it. */
export function recordSubscription(results: Record<string, string> | null): void {
  if (results && Object.keys(results).length) void reportSubscriptions(results).catch(() => undefined);
}
