import Router from '@koa/router';
import { z } from 'zod';
import { statusGroups, unitCodeSchema, unitInputSchema, unitListQuerySchema, unitListSchema, unitSchema, type UnitInput, type UnitView } from '@linli/shared';
import { AppError, ForbiddenError, NotFoundError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { codesOf, inCommandScope } from '../reports/report-scope';
import { loadReport } from '../reports/report-writes';
import { unitCovers, type Unit } from './units.repository';

/** Units: the admin sets them up; command staff list them to 派遣 a report. */
export function unitsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });

  const view = async (u: Unit): Promise<UnitView> => ({
    code: u._id,
    name: u.name,
    kind: u.kind,
    categoryCodes: u.categoryCodes,
    gridCodes: u.gridCodes,
    autoRoute: u.autoRoute,
    members: (await s.users.membersOf(u._id)).length,
  });

  /** Grids and categories a unit names must exist; the whole input is refused otherwise. */
  async function check(input: Omit<UnitInput, 'code'>): Promise<void> {
    const index = await s.grids.current();
    const unknownGrids = input.gridCodes.filter((c) => !index.get(c));
    if (unknownGrids.length) throw new AppError(400, 'GRID_UNKNOWN', `网格不存在：${unknownGrids.join('、')}`, { gridCodes: unknownGrids });
    const known = new Set((await s.categories.list(true)).map((c) => c.code));
    const unknownCats = (input.categoryCodes ?? []).filter((c) => !known.has(c));
    if (unknownCats.length) throw new AppError(400, 'CATEGORY_UNKNOWN', `类别不存在：${unknownCats.join('、')}`, { categoryCodes: unknownCats });
  }

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/admin/units',
      tag: 'admin',
      summary: 'Create a handling unit: a department (条), a 物业 company or a social force, with where it works and what it handles',
      auth: ['admin'],
      body: unitInputSchema,
      responses: { 201: { description: 'Created', schema: unitSchema } },
      errors: [400, 401, 403, 409],
    },
    async (ctx, { body }) => {
      await check(body);
      const created = await view(await s.units.create(body));
      await s.audit.record(ctx.state.user, 'unit.create', created.code, null, created);
      return { status: 201, body: created };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/admin/units/:code',
      tag: 'admin',
      summary: "Change a unit's name, kind, categories, area or automatic routing",
      auth: ['admin'],
      params: z.strictObject({ code: unitCodeSchema }),
      body: unitInputSchema.omit({ code: true }),
      responses: { 200: { description: 'Updated', schema: unitSchema } },
      errors: [400, 401, 403, 404],
    },
    async (ctx, { params, body }) => {
      await check(body);
      const old = await s.units.get(params.code);
      const before = old ? await view(old) : null;
      const unit = await s.units.update(params.code, body);
      if (!unit) throw new NotFoundError('unit');
      const after = await view(unit);
      await s.audit.record(ctx.state.user, 'unit.update', params.code, before, after);
      return { body: after };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/units',
      tag: 'workbench',
      summary: 'Units a command centre can 派遣 to; with reportId, those working where the report is, best fit first, with their open load',
      auth: ['dispatcher', 'grid_leader', 'admin'],
      query: unitListQuerySchema,
      responses: { 200: { description: 'Units', schema: unitListSchema } },
      errors: [400, 401, 403, 404],
    },
    async (ctx, { query }) => {
      const user = ctx.state.user;
      const all = await s.units.list();
      if (!query.reportId) {
        // Without a report: the units whose area meets the caller's (inside it, or around it); all for an unscoped centre.
        const index = await s.grids.current();
        const under = (code: string, above: string) => index.chain(code).some((g) => g.code === above);
        const meets = (u: Unit) => u.gridCodes.some((c) => user.gridCodes.some((g) => under(c, g) || under(g, c)));
        const mine = user.role === 'admin' || user.gridCodes.length === 0 ? all : all.filter(meets);
        return { body: { items: await Promise.all(mine.map(view)) } };
      }
      const report = await loadReport(s.models, query.reportId);
      if (!inCommandScope(user, report)) throw new ForbiddenError('该报事不在您负责的范围内');
      const codes = codesOf(report);
      const here = all.map((u) => ({ u, c: unitCovers(u, codes, report.categoryCode) })).filter((x) => x.c.place);
      const items = await Promise.all(
        here.map(async ({ u, c }) => ({
          ...(await view(u)),
          fits: c.category,
          open: await s.models.Report.countDocuments({ unitCode: u._id, status: { $in: [...statusGroups.held] } }),
        })),
      );
      items.sort((a, b) => Number(b.fits) - Number(a.fits) || a.open - b.open);
      return { body: { items } };
    },
  );

  return router;
}
