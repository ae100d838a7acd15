import Router from '@koa/router';
import type { Health } from '@linli/shared';
import { pingDb } from '../../lib/db';
import { version } from '../../lib/version';
import type { AppDeps, AppState } from '../../app-types';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRouter({ db }: Pick<AppDeps, 'db'>): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', async (ctx) => {
    const up = await pingDb(db);
    const body: Health = { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down', version };
    ctx.status = up ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  return router;
}
