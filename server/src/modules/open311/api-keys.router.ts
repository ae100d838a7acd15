import Router from '@koa/router';
import { z } from 'zod';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { AppState } from '../../app-types';
import type { ApiKeys } from './api-keys';
import { apiKeyScopes } from './api-key.model';
import { gridCodeSchema } from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { GridDirectory } from '../grids/grid-directory';

/** Admin: issue a client system's API key (shown once). */
export function apiKeysRouter(keys: ApiKeys, grids: GridDirectory, registry: RouteRegistry): Router<AppState> {
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
    async (_ctx, { body }) => {
      if (body.gridCode && !(await grids.current()).get(body.gridCode)) throw new AppError(400, 'GRID_UNKNOWN', '没有这个网格');
      return { status: 201, body: await keys.issue(body.name, body.scope, body.gridCode ?? null) };
    },
  );
  return router;
}
