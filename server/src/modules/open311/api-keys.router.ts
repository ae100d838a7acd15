import Router from '@koa/router';
import { z } from 'zod';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { AppState } from '../../app-types';
import type { ApiKeys } from './api-keys';

/** Admin: issue an Open311 API key (shown once). */
export function apiKeysRouter(keys: ApiKeys, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/admin' });
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api-keys',
      tag: 'admin',
      summary: 'Issue an Open311 API key for a client system (the key is shown only in this response)',
      auth: ['admin'],
      body: z.strictObject({ name: z.string().trim().min(1).max(60) }),
      responses: { 201: { description: 'Issued', schema: z.object({ id: z.string(), name: z.string(), apiKey: z.string() }) } },
      errors: [400, 401, 403],
    },
    async (_ctx, { body }) => ({ status: 201, body: await keys.issue(body.name) }),
  );
  return router;
}
