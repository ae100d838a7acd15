import { Readable } from 'node:stream';
import Router from '@koa/router';
import { ValidationError } from '../../lib/errors';
import { z } from 'zod';
import { statsFilterSchema, statsMapSchema, statsOverviewSchema, statsTableQuerySchema, statsTableSchema, statsTrendSchema, statusNames, type StatsFilter } from '@linli/shared';
import type { Types } from 'mongoose';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { User } from '../users/users.repository';
import { defaultWindow, localDay, overview, row, trends, type Bucket, type Names, type StatsReport } from './compute';
import { csvHeader, csvLine } from './csv';
import { loadBuckets, loadOpen, statsScope, tableCursor } from './read-stats';
import type { Counter } from './tally';
import { sharedLoads } from './shared-loads';
import { isOverdue } from '../reports/sla';

const CSV_PAGE = 500;
const staff = ['dispatcher', 'grid_leader', 'admin'] as const;

/** 一屏观全局: the command centre's numbers, trends, map and table, for dispatchers and leaders (their subtree). */
export function statsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/stats' });

  // The console asks for overview, trends, map and table at once: identical reads are shared (docs/decisions.md).
  const sharedBuckets = sharedLoads<Bucket[]>(s.config.STATS_CACHE_MS);
  const sharedOpen = sharedLoads<StatsReport[]>(s.config.STATS_CACHE_MS);

  /** The caller's scope, the names the screens show, and the street's clock. */
  async function context(user: User, f: Pick<StatsFilter, 'gridCode' | 'categoryCode'>) {
    const [categories, index, calendar] = await Promise.all([s.categories.list(true), s.grids.current(), s.calendar.get()]);
    const scope = statsScope(user, f, index);
    const key = JSON.stringify([scope.grids ? [...scope.grids].sort() : null, scope.categoryCode ?? '']);
    const byCode = new Map(categories.map((c) => [c.code, c]));
    const names = (staffNames: Map<string, string> = new Map()): Names => ({
      category: (code) => byCode.get(code)?.name ?? code,
      categoryOrder: (code) => byCode.get(code)?.order ?? Number.MAX_SAFE_INTEGER,
      grid: (code) => (code ? (index.get(code)?.name ?? code) : '未入网格'),
      assignee: (id: Types.ObjectId | null) => (id ? (staffNames.get(String(id)) ?? '') : ''),
    });
    const offset = calendar.utcOffsetMinutes;
    const now = s.clock();
    return {
      scope,
      names,
      offset,
      now,
      buckets: (days: { from: string; to: string }) => sharedBuckets(`${key}|${days.from}|${days.to}`, () => loadBuckets(s.models, scope, days, now, offset)),
      open: () => sharedOpen(key, () => loadOpen(s.models, scope)),
    };
  }
  const windowOf = (f: StatsFilter, now: Date, offset: number) => {
    const d = defaultWindow(now, offset);
    const w = { from: f.from ?? d.from, to: f.to ?? d.to };
    if (w.from > w.to) throw new ValidationError([{ path: ['from'], message: '开始日期不能晚于结束日期' }], '开始日期不能晚于结束日期');
    return w;
  };
  const assigneeNames = async (reports: StatsReport[]) =>
    new Map((await s.users.findManyByIds([...new Set(reports.filter((r) => r.assigneeId).map((r) => String(r.assigneeId)))])).map((u) => [String(u._id), u.name ?? '']));

  /**
   * The table's reports for a filter, newest first: filed in the window (through the createdAt index), or — when
   * asked for late ones — the open reports. `total` comes from the day buckets, so nothing is counted row by row.
   */
  async function table(user: User, query: StatsFilter) {
    const c = await context(user, query);
    const w = windowOf(query, c.now, c.offset);
    const inWindow = (r: StatsReport) => {
      const d = localDay(r.createdAt, c.offset);
      return d >= w.from && d <= w.to;
    };
    const wanted = (r: StatsReport) => !query.status || query.status.includes(r.status);
    const lateNow = (await c.open()).filter((r) => inWindow(r) && wanted(r) && isOverdue(r, c.now)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const buckets = (await c.buckets(w)).filter((b) => b.day >= w.from && b.day <= w.to);
    const count = (k: Counter) => buckets.reduce((t, b) => t + (b.counts[k] ?? 0), 0);
    const filed = query.status ? query.status.reduce((t, st) => t + count(`st_${st}`), 0) : count('filed');
    const total = query.overdue === true ? lateNow.length : query.overdue === false ? filed - lateNow.length : filed;

    async function* rows(): AsyncGenerator<StatsReport> {
      if (query.overdue === true) return yield* lateNow;
      const cursor = tableCursor(s.models, c.scope, w, c.offset, query.status);
      try {
        for await (const r of cursor) if (query.overdue === undefined || !isOverdue(r, c.now)) yield r;
      } finally {
        await cursor.close();
      }
    }
    return { c, total, rows };
  }

  /** Up to `take` items of an async sequence after skipping `skip`. */
  async function slice<T>(items: AsyncIterable<T>, skip: number, take: number): Promise<T[]> {
    const out: T[] = [];
    let i = 0;
    for await (const item of items) {
      if (i++ < skip) continue;
      if (out.push(item) >= take) break;
    }
    return out;
  }

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
      const c = await context(ctx.state.user, query);
      const w = windowOf(query, c.now, c.offset);
      const today = localDay(c.now, c.offset);
      const [buckets, open] = await Promise.all([c.buckets({ from: w.from < today ? w.from : today, to: w.to > today ? w.to : today }), c.open()]);
      return { body: overview(buckets, open, w, c.now, c.offset, c.names()) };
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
      const c = await context(ctx.state.user, query);
      const days = { from: localDay(new Date(c.now.getTime() - (query.days - 1) * 86_400_000), c.offset), to: localDay(c.now, c.offset) };
      return { body: trends(await c.buckets(days), query.days, c.now, c.offset) };
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
      const { c, total, rows: all } = await table(ctx.state.user, query);
      const rows = await slice(all(), (query.page - 1) * query.pageSize, query.pageSize);
      const names = c.names(await assigneeNames(rows));
      return { body: { items: rows.map((r) => row(r, c.now, names, statusNames)), total, page: query.page, pageSize: query.pageSize } };
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
      const { c, rows } = await table(ctx.state.user, query);
      const w = windowOf(query, c.now, c.offset);
      ctx.set('Content-Disposition', `attachment; filename="linli-reports-${w.from}-${w.to}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      // Streamed as the rows come from the database, a page of names at a time: a year's export never sits in memory.
      async function* lines(): AsyncGenerator<string> {
        yield csvHeader();
        let page: StatsReport[] = [];
        const flush = async function* () {
          const names = c.names(await assigneeNames(page));
          for (const r of page) yield csvLine(row(r, c.now, names, statusNames));
          page = [];
        };
        for await (const r of rows()) if (page.push(r) >= CSV_PAGE) yield* flush();
        yield* flush();
      }
      return { body: Readable.from(lines()) };
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
      const c = await context(ctx.state.user, query);
      const [open, index] = await Promise.all([c.open(), s.grids.current()]);
      const names = c.names();
      return {
        body: {
          // The viewer's own area: the map opens on it, not on every grid of the deployment.
          grids: index.all().filter((g) => !c.scope.grids || c.scope.grids.has(g.code)).map((g) => ({ code: g.code, name: g.name, level: g.level, geometry: g.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } })),
          reports: open.flatMap((r) => {
            const loc = r.location;
            if (!loc || loc.lng === undefined || loc.lat === undefined) return [];
            return [{ id: String(r._id), no: r.no, lng: loc.lng, lat: loc.lat, status: r.status, categoryName: names.category(r.categoryCode), supervision: r.supervisionLevel ?? 'none', overdue: isOverdue(r, c.now) }];
          }),
        },
      };
    },
  );
  return router;
}
