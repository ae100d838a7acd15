import type { Middleware } from 'koa';
import { errorMessages } from '@linli/shared';
import { AppError } from '../lib/errors';
import type { AppDeps, AppState } from '../app-types';

/**
 * While the embedded database is being restarted, API requests are answered at once with 503 DB_UNAVAILABLE and a
 * Retry-After, instead of each waiting out the driver's timeouts; static files and /healthz still answer.
 */
export function dbGate(dbState: NonNullable<AppDeps['dbState']>): Middleware<AppState> {
  return async (ctx, next) => {
    if (dbState() !== 'up' && ctx.path.startsWith('/api/')) {
      throw new AppError(503, 'DB_UNAVAILABLE', errorMessages.DB_UNAVAILABLE, { retryAfterSeconds: 2 });
    }
    await next();
  };
}
