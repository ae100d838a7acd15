import type { Middleware } from 'koa';
import { errorMessages } from '@linli/shared';
import { AppError } from '../lib/errors';
import { dbTroubleOf } from '../lib/db-errors';
import type { AppState } from '../app-types';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

// Errors raised by Koa's own middleware (body parser, router) carry a status but no domain code.
const codeForStatus: Record<number, keyof typeof errorMessages> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  501: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The one place that turns errors into `{ error: { code, message } }` replies; internals never leak. */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'NOT_FOUND', message: errorMessages.NOT_FOUND } };
      }
    } catch (raw) {
      if (raw instanceof AppError) {
        ctx.status = raw.status;
        ctx.body = {
          error: {
            code: raw.code,
            message: raw.expose ? raw.message : errorMessages.INTERNAL,
            ...(raw.details !== undefined && raw.expose ? { details: raw.details } : {}),
          },
        };
        const retryAfter = (raw.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retryAfter) ctx.set('Retry-After', String(retryAfter));
        if (raw.status >= 500) ctx.state.log?.error({ err: raw }, 'request failed');
        return;
      }
      // The database is down or cannot write: nothing was changed, the client may try again shortly.
      const trouble = dbTroubleOf(raw);
      if (trouble) {
        ctx.status = 503;
        ctx.set('Retry-After', '5');
        ctx.body = { error: { code: trouble, message: errorMessages[trouble] } };
        ctx.state.log?.error({ err: raw }, 'database unavailable');
        return;
      }
      const err = raw as HttpLikeError & Error;
      // A value the schema cannot hold reached mongoose: the client's fault, never a 500.
      if (err.name === 'CastError' || err.name === 'ValidationError' || err.name === 'StrictModeError') {
        ctx.status = 400;
        ctx.body = { error: { code: 'VALIDATION_FAILED', message: errorMessages.VALIDATION_FAILED } };
        ctx.state.log?.warn({ msg: err.message }, 'rejected by the model');
        return;
      }
      const status = err.status ?? err.statusCode ?? 500;
      const code = status < 500 ? (codeForStatus[status] ?? 'BAD_REQUEST') : status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL';
      ctx.status = status >= 400 && status < 600 ? status : 500;
      ctx.body = { error: { code, message: errorMessages[code] } };
      if (ctx.status >= 500) ctx.state.log?.error({ err }, 'request failed');
      else ctx.state.log?.warn({ status, msg: err.message }, 'request rejected');
    }
  };
}
