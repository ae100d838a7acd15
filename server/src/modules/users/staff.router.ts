import Router from '@koa/router';
import { staffImportResultSchema, staffImportSchema } from '@linli/shared';
import { AppError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { staffToUser, toUserView } from './users.repository';

/** Admin: create or update staff by openid, one or many at once. */
export function staffRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/admin' });
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/staff',
      tag: 'admin',
      summary: 'Create or update staff (idempotent by openid); send one object or { staff: [...] }',
      auth: ['admin'],
      body: staffImportSchema,
      responses: { 200: { description: 'Saved', schema: staffImportResultSchema } },
      errors: [400, 401, 403],
    },
    async (_ctx, { body }) => {
      const list = 'staff' in body ? body.staff : [body];
      // Every grid must exist before anyone is bound to it; refuse the whole batch otherwise.
      const index = await s.grids.current();
      const unknown = [...new Set(list.flatMap((p) => p.gridCodes).filter((c) => !index.get(c)))];
      if (unknown.length) throw new AppError(400, 'GRID_UNKNOWN', `网格不存在：${unknown.join('、')}`, { gridCodes: unknown });
      const units = [...new Set(list.flatMap((p) => (p.unitCode ? [p.unitCode] : [])))];
      const missing = (await Promise.all(units.map(async (u) => ((await s.units.get(u)) ? null : u)))).filter((u): u is string => !!u);
      if (missing.length) throw new AppError(400, 'UNIT_UNKNOWN', `单位不存在：${missing.join('、')}`, { unitCodes: missing });
      const openids = list.map((p) => p.openid);
      const dup = openids.find((o, i) => openids.indexOf(o) !== i);
      if (dup) throw new AppError(400, 'STAFF_DUPLICATE', `openid ${dup} 在本次提交中重复`);

      let created = 0;
      const users = [];
      for (const person of list) {
        const r = await s.users.upsertByOpenid(staffToUser(person));
        if (r.created) created += 1;
        users.push(toUserView(r.user));
      }
      return { body: { created, updated: list.length - created, users } };
    },
  );
  return router;
}
