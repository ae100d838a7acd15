import Router from '@koa/router';
import { z } from 'zod';
import { statsFilterSchema, statsMapSchema, statsOverviewSchema, statsTableQuerySchema, statsTableSchema, statsTrendSchema, statusNames, type StatsFilter } from '@linli/shared';
import type { Types } from 'mongoose';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { User } from '../users/users.repository';
import { visibilityFilter } from '../reports/report-scope';
import { applyFilters, defaultWindow, overview, rows, statsProjection, trends, type Names, type StatsReport } from './compute';
import { toCsv } from './csv';
import { sharedLoads } from './shared-loads';
import { isOverdue } from '../reports/sla';

interface Loaded {
  reports: StatsReport[];
  names: Names;
  offset: number;
  now: Date;
}

const staff = ['dispatcher', 'grid_leader', 'admin'] as const;

/** 一屏观全局: the command centre's numbers, trends, map and table, for dispatchers and leaders (their subtree). */
export function statsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/stats' });

  // The console asks for overview, trends, map and table at once: they share one read (docs/decisions.md).
  const shared = sharedLoads<Loaded>(s.config.STATS_CACHE_MS);
  const load = (user: User, f: StatsFilter) =>
    shared(JSON.stringify([user.role, user.role === 'grid_leader' ? [...user.gridCodes].sort() : [], f.gridCode ?? '', f.categoryCode ?? '']), () => read(user, f));

  /** Reports in the caller's scope and the filter's grid and category, with the names the screens show. */
  async function read(user: User, f: StatsFilter): Promise<Loaded> {
    const filter = {
      $and: [visibilityFilter(user), ...(f.gridCode ? [{ gridPath: { $eq: f.gridCode } }] : []), ...(f.categoryCode ? [{ categoryCode: { $eq: f.categoryCode } }] : [])],
    };
    const [reports, categories, index, calendar] = await Promise.all([
      s.models.Report.find(filter, statsProjection).lean<StatsReport[]>(),
      s.categories.list(true),
      s.grids.current(),
      s.calendar.get(),
    ]);
    const assigneeIds = [...new Set(reports.filter((r) => r.assigneeId).map((r) => String(r.assigneeId)))];
    const staffNames = new Map((await s.users.findManyByIds(assigneeIds)).map((u) => [String(u._id), u.name ?? '']));
    const categoryNames = new Map(categories.map((c) => [c.code, c.name]));
    const names: Names = {
      category: (code) => categoryNames.get(code) ?? code,
      grid: (code) => (code ? (index.get(code)?.name ?? code) : '未入网格'),
      assignee: (id: Types.ObjectId | null) => (id ? (staffNames.get(String(id)) ?? '') : ''),
    };
    return { reports, names, offset: calendar.utcOffsetMinutes, now: s.clock() };
  }
  const windowOf = (f: StatsFilter, now: Date, offset: number) => {
    const d = defaultWindow(now, offset);
    return { from: f.from ?? d.from, to: f.to ?? d.to };
  };

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/overview',
      tag: 'stats',
      summary: 'Counts by status, category and grid; today’s new, overdue and escalated; 响应率, 按时办结率, 满意率, 退单率; repeats',
      auth: [...staff],
      query: statsFilterSchema,
      responses: { 200: { description: 'The numbers', schema: statsOverviewSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { query }) => {
      const { reports, names, offset, now } = await load(ctx.state.user, query);
      return { body: overview(reports, windowOf(query, now, offset), now, offset, names) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/trends',
      tag: 'stats',
      summary: 'Per day for the last N days (default 30): filed, resolved, closed, deadlines missed',
      auth: [...staff],
      query: statsFilterSchema.pick({ gridCode: true, categoryCode: true }).extend({ days: z.coerce.number().int().min(1).max(180).default(30) }),
      responses: { 200: { description: 'Days, oldest first', schema: statsTrendSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { query }) => {
      const { reports, offset, now } = await load(ctx.state.user, query);
      return { body: trends(reports, query.days, now, offset) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/reports',
      tag: 'stats',
      summary: 'The report table with filters, paginated on the server, newest first',
      auth: [...staff],
      query: statsTableQuerySchema,
      responses: { 200: { description: 'A page', schema: statsTableSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { query }) => {
      const { reports, names, offset, now } = await load(ctx.state.user, query);
      const all = rows(applyFilters(reports, query, windowOf(query, now, offset), now, offset), now, names, statusNames);
      const start = (query.page - 1) * query.pageSize;
      return { body: { items: all.slice(start, start + query.pageSize), total: all.length, page: query.page, pageSize: query.pageSize } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/reports.csv',
      tag: 'stats',
      summary: 'The same table as CSV (UTF-8 with BOM, for Excel): every row that matches the filters',
      auth: [...staff],
      query: statsFilterSchema,
      responses: { 200: { description: 'text/csv', schema: z.string() } },
      errors: [400, 401, 403],
    },
    async (ctx, { query }) => {
      const { reports, names, offset, now } = await load(ctx.state.user, query);
      const w = windowOf(query, now, offset);
      ctx.set('Content-Disposition', `attachment; filename="linli-reports-${w.from}-${w.to}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      return { body: toCsv(rows(applyFilters(reports, query, w, now, offset), now, names, statusNames)) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/map',
      tag: 'stats',
      summary: 'Open reports as points over the grid boundaries (GCJ-02), for the command centre’s map',
      auth: [...staff],
      query: statsFilterSchema.pick({ gridCode: true, categoryCode: true }),
      responses: { 200: { description: 'Grids and open reports', schema: statsMapSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { query }) => {
      const { reports, names, now } = await load(ctx.state.user, query);
      const index = await s.grids.current();
      return {
        body: {
          grids: index.all().map((g) => ({ code: g.code, name: g.name, level: g.level, geometry: g.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } })),
          reports: reports.flatMap((r) => {
            const loc = r.location;
            if (r.status === 'resolved' || r.status === 'closed' || !loc || loc.lng === undefined || loc.lat === undefined) return [];
            return [{ id: String(r._id), no: r.no, lng: loc.lng, lat: loc.lat, status: r.status, categoryName: names.category(r.categoryCode), supervision: r.supervisionLevel ?? 'none', overdue: isOverdue(r, now) }];
          }),
        },
      };
    },
  );
  return router;
}
