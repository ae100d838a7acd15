import Router from '@koa/router';
import { workCalendarSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';

/** The working calendar that SLAs on the working clock count on (weekdays, holidays, 调休 days, office hours). */
export function supervisionRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/admin/work-calendar',
      tag: 'admin',
      summary: 'The working calendar used for working-clock SLAs',
      auth: ['admin', 'dispatcher'],
      responses: { 200: { description: 'Calendar', schema: workCalendarSchema } },
      errors: [401, 403],
    },
    async () => ({ body: await s.calendar.get() }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/admin/work-calendar',
      tag: 'admin',
      summary: 'Replace the working calendar; applies to deadlines set from now on',
      auth: ['admin'],
      body: workCalendarSchema,
      responses: { 200: { description: 'Saved', schema: workCalendarSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { body }) => {
      const before = await s.calendar.get();
      const after = await s.calendar.set(body, s.clock());
      await s.audit.record(ctx.state.user, 'work_calendar.update', 'work_calendar', before, after);
      return { body: after };
    },
  );
  return router;
}
