import Router from '@koa/router';
import { z } from 'zod';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { AppState } from '../../app-types';
import type { ApiKeys } from './api-keys';
import { apiKeyScopes } from './api-key.model';
import { apiKeyViewSchema, gridCodeSchema } from '@linli/shared';
import { AppError, NotFoundError } from '../../lib/errors';
import type { GridDirectory } from '../grids/grid-directory';
import type { AdminLog } from '../admin-log/admin-log';

/** Admin: client systems' API keys — issue (shown once), list with last use, revoke. */
export function apiKeysRouter(keys: ApiKeys, grids: GridDirectory, audit: AdminLog, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/admin' });
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api-keys',
      tag: 'admin',
      summary: 'Issue an API key for a client system: Open311, or the 12345 work-order exchange (the key is shown only in this response)',
      auth: ['admin'],
      body: z.strictObject({
        name: z.string().trim().min(1).max(60),
        scope: z.enum(apiKeyScopes).default('open311').describe('open311: /open311/v2; hotline: /api/v1/hotline'),
        gridCode: gridCodeSchema.optional().describe('hotline: where orders without a position or grid go'),
      }),
      responses: { 201: { description: 'Issued', schema: z.object({ id: z.string(), name: z.string(), scope: z.enum(apiKeyScopes), apiKey: z.string() }) } },
      errors: [400, 401, 403],
    },
    async (ctx, { body }) => {
      if (body.gridCode && !(await grids.current()).get(body.gridCode)) throw new AppError(400, 'GRID_UNKNOWN', '没有这个网格');
      const issued = await keys.issue(body.name, body.scope, body.gridCode ?? null);
      await audit.record(ctx.state.user, 'api_key.issue', issued.id, null, { id: issued.id, name: issued.name, scope: issued.scope, gridCode: body.gridCode ?? null });
      return { status: 201, body: issued };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api-keys',
      tag: 'admin',
      summary: 'Every API key issued, newest first, with when it was last used (to the minute) and whether it is revoked; never the key itself',
      auth: ['admin'],
      responses: { 200: { description: 'Keys', schema: z.object({ items: z.array(apiKeyViewSchema) }) } },
      errors: [401, 403],
    },
    async () => ({ body: { items: await keys.list() } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/api-keys/:id',
      tag: 'admin',
      summary: 'Revoke an API key: every later request with it is refused at once; revoking twice changes nothing',
      auth: ['admin'],
      params: z.strictObject({ id: z.string().max(40) }),
      responses: { 200: { description: 'Revoked', schema: apiKeyViewSchema } },
      errors: [401, 403, 404],
    },
    async (ctx, { params }) => {
      const r = await keys.revoke(params.id);
      if (!r) throw new NotFoundError('api_key', '接口密钥不存在');
      if (!r.before.revokedAt) await audit.record(ctx.state.user, 'api_key.revoke', r.after.id, r.before, r.after);
      return { body: r.after };
    },
  );
  return router;
}
