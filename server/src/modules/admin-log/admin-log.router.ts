import Router from '@koa/router';
import { z } from 'zod';
import { adminLogEntrySchema, adminLogQuerySchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { AppState } from '../../app-types';
import type { AdminLog } from './admin-log';

/** Admin: the administration log, newest first. */
export function adminLogRouter(audit: AdminLog, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/admin' });
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/log',
      tag: 'admin',
      summary: 'Who changed what in the administration, with the state before and after; newest first, paged by cursor',
      auth: ['admin'],
      query: adminLogQuerySchema,
      responses: { 200: { description: 'Entries', schema: z.object({ items: z.array(adminLogEntrySchema), nextCursor: z.string().nullable() }) } },
      errors: [400, 401, 403],
    },
    async (_ctx, { query }) => ({ body: await audit.list(query) }),
  );
  return router;
}
