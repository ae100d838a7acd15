import Router from '@koa/router';
import { z } from 'zod';
import { statusSchema } from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { canSee } from './report-scope';

const changeSchema = z.object({ id: z.string(), status: statusSchema, updatedAt: z.string() });
// Instances' clocks differ a little: look back this far and let the client drop what it has seen.
const OVERLAP_MS = 2_000;
const CHANGES_PER_ANSWER = 500;
// What the scope check needs of each changed report.
const scopeFields = { status: 1, updatedAt: 1, residentId: 1, followerIds: 1, assigneeId: 1, gridCode: 1, gridPath: 1 } as const;
type ScopedRow = Parameters<typeof canSee>[1];

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
      summary: 'Long-poll: reports in my scope changed since the cursor; answers at once when there are any, else after `wait` seconds',
      auth: 'user',
      query: z.strictObject({
        since: z.iso.datetime({ offset: true }).optional().describe('The cursor from the previous answer; omit to start from now'),
        wait: z.coerce.number().int().min(0).max(30).default(25),
      }),
      responses: { 200: { description: 'Changes and the next cursor', schema: z.object({ items: z.array(changeSchema), cursor: z.string() }) } },
      errors: [400, 401],
    },
    async (ctx, { query }) => {
      const user = ctx.state.user;
      if (!query.since) return { body: { items: [], cursor: s.clock().toISOString() } };
      const since = new Date(new Date(query.since).getTime() - OVERLAP_MS);
      const deadline = Date.now() + query.wait * 1000;
      let closed = false;
      ctx.req.on('close', () => (closed = true));
      const after = new Date(query.since).getTime();
      for (;;) {
        // Every change in the deployment since the cursor, through the updatedAt index — a handful per poll — and the
        // caller's scope checked here: the cost of a poll follows the rate of change, not the reports stored.
        const rows = await s.models.Report.find({ updatedAt: { $gt: since } }, scopeFields)
          .sort({ updatedAt: 1 })
          .limit(CHANGES_PER_ANSWER)
          .lean<(ScopedRow & { _id: unknown; status: z.infer<typeof statusSchema>; updatedAt: Date })[]>();
        const fresh = rows.filter((r) => r.updatedAt.getTime() > after);
        const mine = fresh.filter((r) => canSee(user, r));
        // A full page moves the cursor past what was read, seen or not, so that the next poll goes on from there.
        const full = rows.length === CHANGES_PER_ANSWER;
        if (mine.length || full || Date.now() >= deadline || closed) {
          const last = full ? rows[rows.length - 1] : mine[mine.length - 1];
          const cursor = last && last.updatedAt.getTime() > after ? last.updatedAt.toISOString() : query.since;
          return { body: { items: mine.map((r) => ({ id: String(r._id), status: r.status, updatedAt: r.updatedAt.toISOString() })), cursor } };
        }
        await new Promise((r) => setTimeout(r, Math.min(pollEveryMs, Math.max(0, deadline - Date.now()))));
      }
    },
  );
  return router;
}
