import type { Middleware } from 'koa';
import type { Drain } from '../lib/drain';
import type { AppState } from '../app-types';

/** While the server stops, every answer asks the client to open its next connection elsewhere (or later). */
export function closeWhileDraining(drain: Drain): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (drain.draining) ctx.set('Connection', 'close');
    }
  };
}
