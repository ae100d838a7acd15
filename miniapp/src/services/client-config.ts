import type { ClientConfig } from '@linli/shared';
import { getClientConfig } from './api';

let loaded: ClientConfig | null = null;
let loading: Promise<ClientConfig | null> | null = null;

/**
 * The client configuration (subscribe template ids), loaded with the app and each page that asks for subscriptions,
 * so a tap handler can read it without waiting: WeChat's subscribe dialog must be requested before any await.
 */
export const clientConfig = {
  load(): Promise<ClientConfig | null> {
    loading ??= getClientConfig().then(
      (c) => (loaded = c),
      () => {
        loading = null;
        return null;
      },
    );
    return loading;
  },
  /** What is known now, synchronously. */
  now(): ClientConfig | null {
    return loaded;
  },
};
