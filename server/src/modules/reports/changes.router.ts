import Router from '@koa/router';
import { z } from 'zod';
import { Types } from 'mongoose';
import { statusSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { canSee } from './report-scope';

const changeSchema = z.object({ id: z.string(), status: statusSchema, updatedAt: z.string() });
// A change is shown once it is this old by the database's clock: every write stamped earlier has landed by then, so a
// cursor that passes a moment never passes a change stamped before it (writes are stamped from one clock, db-clock.ts).
export const SETTLE_MS = 1_500;
const CHANGES_PER_ANSWER = 500;
// What the scope check needs of each changed report.
const scopeFields = { status: 1, updatedAt: 1, residentId: 1, followerIds: 1, assigneeId: 1, gridCode: 1, gridPath: 1 } as const;
type ScopedRow = Parameters<typeof canSee>[1];
type Row = ScopedRow & { _id: Types.ObjectId; status: z.infer<typeof statusSchema>; updatedAt: Date };

// The cursor is the last (updatedAt, _id) read, so a page boundary inside one millisecond loses and repeats nothing;
// a bare time (the first poll's, or an older client's) starts after that moment.
const cursorSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})(~[0-9a-f]{24})?$/, '游标格式不对')
  .refine((v) => !Number.isNaN(Date.parse(v.split('~')[0]!)), '游标格式不对')
  .describe('The cursor from the previous answer; omit to start from now');
const LAST_ID = new Types.ObjectId('ffffffffffffffffffffffff');
const parseCursor = (c: string) => {
  const [at, id] = c.split('~');
  return { at: new Date(at!), id: id ? new Types.ObjectId(id) : LAST_ID };
};
const formatCursor = (at: Date, id: Types.ObjectId) => `${at.toISOString()}~${String(id)}`;

/**
 * Live updates by long-polling: the app asks "what changed since my cursor?" and the server answers as soon as
 * something did, or after `wait` seconds with nothing. The database is the only shared state, so any instance can
 * answer any poll (docs/decisions.md).
 */
export function changesRouter(s: Services, registry: RouteRegistry, pollEveryMs = 1_000): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/reports' });
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/changes',
      tag: 'reports',
      summary: 'Long-poll: reports in my scope changed since the cursor; answers at once when there are any, else after `wait` seconds (or at once when the server is stopping)',
      auth: 'user',
      query: z.strictObject({
        since: cursorSchema.optional(),
        wait: z.coerce.number().int().min(0).max(30).default(25),
      }),
      responses: { 200: { description: 'Changes and the next cursor', schema: z.object({ items: z.array(changeSchema), cursor: z.string() }) } },
      errors: [400, 401],
    },
    async (ctx, { query }) => {
      const user = ctx.state.user;
      const settled = () => new Date(s.clock().getTime() - SETTLE_MS);
      if (!query.since) return { body: { items: [], cursor: formatCursor(settled(), LAST_ID) } };
      let from = parseCursor(query.since);
      const deadline = Date.now() + query.wait * 1000;
      let closed = false;
      ctx.req.on('close', () => (closed = true));
      for (;;) {
        const upTo = settled();
        // Every settled change in the deployment after the cursor, through the (updatedAt, _id) index — a handful per
        // poll — with the caller's scope checked here: the cost of a poll follows the rate of change, not the reports stored.
        const rows = await s.models.Report.find(
          { $or: [{ updatedAt: { $gt: from.at } }, { updatedAt: from.at, _id: { $gt: from.id } }], updatedAt: { $lte: upTo } },
          scopeFields,
        )
          .sort({ updatedAt: 1, _id: 1 })
          .limit(CHANGES_PER_ANSWER)
          .lean<Row[]>();
        const mine = rows.filter((r) => canSee(user, r));
        // A full page ends at its last row; otherwise everything up to the settled moment has been read.
        const last = rows[rows.length - 1];
        const next = rows.length === CHANGES_PER_ANSWER && last ? { at: last.updatedAt, id: last._id } : upTo > from.at ? { at: upTo, id: LAST_ID } : from;
        if (mine.length || rows.length === CHANGES_PER_ANSWER || Date.now() >= deadline || closed || s.drain.draining) {
          return { body: { items: mine.map((r) => ({ id: String(r._id), status: r.status, updatedAt: r.updatedAt.toISOString() })), cursor: formatCursor(next.at, next.id) } };
        }
        from = next;
        await s.drain.sleep(Math.min(pollEveryMs, Math.max(0, deadline - Date.now())));
      }
    },
  );
  return router;
}
