import Router from '@koa/router';
import type { RouteRegistry } from '../../lib/route';
import type { AppState } from '../../app-types';
import { buildOpenApi } from './openapi';

/** `GET /api/openapi.json`, built once from the registry on first request. */
export function openApiRouter(registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>();
  let doc: unknown;
  router.get('/api/openapi.json', (ctx) => {
    doc ??= buildOpenApi(registry);
    ctx.body = doc;
  });
  return router;
}
