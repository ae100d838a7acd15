import Router from '@koa/router';
import type { Health } from '@linli/shared';
import { pingDb } from '../../lib/db';
import { withTimeout } from '../../lib/with-timeout';
import { version } from '../../lib/version';
import type { AppDeps, AppState } from '../../app-types';

/** Whether the database takes a write: one upsert by _id, so a full disk shows here before a resident finds it. */
async function storageWorks(db: AppDeps['db'], timeoutMs = 2_000): Promise<boolean> {
  try {
    await withTimeout(db.collection<{ _id: string; at: Date }>('health_probe').updateOne({ _id: 'write' }, { $set: { at: new Date() } }, { upsert: true }), timeoutMs, 'write probe');
    return true;
  } catch {
    return false;
  }
}

/** `GET /healthz`: 200 when the database answers and takes a write; 503 with what is wrong otherwise. */
export function healthRouter({ db, dbState }: Pick<AppDeps, 'db' | 'dbState'>): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', async (ctx) => {
    const up = (!dbState || dbState() === 'up') && (await pingDb(db));
    const writes = up ? await storageWorks(db) : false;
    const body: Health = { status: up && writes ? 'ok' : 'degraded', db: up ? 'up' : 'down', storage: up ? (writes ? 'ok' : 'failing') : 'unknown', version };
    ctx.status = body.status === 'ok' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  return router;
}
