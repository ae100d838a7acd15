import Router from '@koa/router';
import { z } from 'zod';
import { handOverResultSchema, handOverSchema, staffImportResultSchema, staffImportSchema, staffMemberSchema, staffUpdateSchema } from '@linli/shared';
import { AppError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { staffToUser, toUserView } from './users.repository';

const idParams = z.strictObject({ id: z.string().regex(/^[a-f0-9]{24}$/, '人员不存在') });

/** Staff administration: import by openid (admin); list, re-scope, disable and hand over (admin; a leader their workers). */
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
    async (ctx, { body }) => {
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
      await s.audit.record(ctx.state.user, 'staff.import', `${list.length}`, null, { created, updated: list.length - created, openids: list.map((p) => p.openid) });
      return { body: { created, updated: list.length - created, users } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/staff',
      tag: 'admin',
      summary: 'Staff the caller manages (an admin everyone, a grid leader the workers inside their grids), disabled ones included, with the reports each holds now',
      auth: ['admin', 'grid_leader'],
      responses: { 200: { description: 'Staff', schema: z.object({ items: z.array(staffMemberSchema) }) } },
      errors: [401, 403],
    },
    async (ctx) => ({ body: { items: await s.staffAdmin.list(ctx.state.user) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'patch',
      path: '/staff/:id',
      tag: 'admin',
      summary: 'Rename, re-scope (grids, specialty, unit), disable or enable a staff member; disabling someone who holds reports is refused until they are handed over',
      auth: ['admin', 'grid_leader'],
      params: idParams,
      body: staffUpdateSchema,
      responses: { 200: { description: 'Updated', schema: staffMemberSchema } },
      errors: [400, 401, 403, 404, 409],
    },
    async (ctx, { params, body }) => ({ body: await s.staffAdmin.update(ctx.state.user, params.id, body) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/staff/:id/hand-over',
      tag: 'admin',
      summary: "Hand a leaving member's open reports to another worker or leader in one action (each a 转派 on its timeline); optionally disable the account once nothing is left",
      auth: ['admin', 'grid_leader'],
      params: idParams,
      body: handOverSchema,
      responses: { 200: { description: 'Handed over', schema: handOverResultSchema } },
      errors: [400, 401, 403, 404],
    },
    async (ctx, { params, body }) => ({ body: await s.staffAdmin.handOver(ctx.state.user, params.id, body) }),
  );
  return router;
}
