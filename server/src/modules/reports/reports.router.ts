import Router from '@koa/router';
import { z } from 'zod';
import {
  createReportSchema,
  idempotencyKeySchema,
  objectIdSchema,
  ratingSchema,
  reportActionSchema,
  reportListQuerySchema,
  reportListSchema,
  reportSchema,
  nearbyListSchema,
  candidateListSchema,
  staffReportSchema,
  nearbyQuerySchema,
  joinReportSchema,
  followerFeedbackSchema,
} from '@linli/shared';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import { parseOrThrow } from '../../lib/validation';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { User } from '../users/users.repository';
import { actOnReport } from './act-on-report';
import { rateReport } from './rate-report';
import { deskReports, getReport, listReports } from './read-reports';
import { findRetry, submitReport } from './submit-report';
import { joinReport, leaveFeedback, nearbyReports } from './duplicates';
import { reassignCandidates } from './candidates';
import { fileOnBehalf } from './file-on-behalf';

const idParams = z.strictObject({ id: objectIdSchema });

/** Thin routes over the report use cases. */
export function reportsRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/reports' });
  const deps = s.reportDeps;
  // Each nearby answer or join attempt says a little about where reports are: a resident gets few per hour.
  const limitLocationQueries = (user: User, ip: string) => {
    if (user.role !== 'resident') return;
    s.limiter.hit(`nearby:user:${String(user._id)}`, s.config.RATE_LIMIT_NEARBY_PER_HOUR, 3_600_000);
    s.limiter.hit(`nearby:ip:${ip}`, s.config.RATE_LIMIT_NEARBY_PER_HOUR * 10, 3_600_000);
  };

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/',
      tag: 'reports',
      summary: 'Submit a report; routed to its grid and worker at once. A retry with the same Idempotency-Key returns the first (200)',
      auth: ['resident'],
      body: createReportSchema,
      headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, required: true, description: 'Unique per submission attempt; reuse it when retrying' } },
      responses: { 201: { description: 'Created', schema: reportSchema }, 200: { description: 'A retry: the report created first', schema: reportSchema } },
      errors: [400, 401, 403, 429],
    },
    async (ctx, { body }) => {
      const key = parseOrThrow(z.object({ 'idempotency-key': idempotencyKeySchema }), { 'idempotency-key': ctx.get('idempotency-key') || undefined })['idempotency-key'];
      const user = ctx.state.user;
      try {
        s.limiter.hit(`reports:user:${String(user._id)}`, s.config.RATE_LIMIT_REPORTS_PER_MIN);
        s.limiter.hit(`reports:ip:${ctx.ip}`, s.config.RATE_LIMIT_REPORTS_PER_IP_PER_MIN);
      } catch (limited) {
        // A retry of an acknowledged report is answered as it was, whatever the limits say now (looked up only then,
        // so an ordinary submission costs no extra read).
        const retry = await findRetry(deps, user, key);
        if (retry) return { status: 200, body: retry };
        throw limited;
      }
      const { report, created } = await submitReport(deps, user, body, key);
      return { status: created ? 201 : 200, body: report };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/',
      tag: 'reports',
      summary: "Reports in the caller's scope (resident: own; worker: assigned and own grids; leader: subtree; unit handler: the unit's; dispatcher: the subtree of their 市/区/街道, or all when unscoped), newest first",
      auth: 'user',
      query: reportListQuerySchema,
      responses: { 200: { description: 'A page', schema: reportListSchema } },
      errors: [400, 401],
    },
    async (ctx, { query }) => ({ body: await listReports(deps, ctx.state.user, query) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/desk',
      tag: 'workbench',
      summary:
        "三级把关: a command centre's desk — in its scope, the reports its level watches (a district's: unsatisfied once; a city's: twice), every red card, and (a street's) those awaiting 核查",
      auth: ['dispatcher', 'admin'],
      responses: { 200: { description: 'Newest first, at most 200', schema: reportListSchema.omit({ nextCursor: true }).extend({ level: z.number().int().describe('0 街道, 1 区, 2 市') }) } },
      errors: [401, 403],
    },
    async (ctx) => ({ body: await deskReports(deps, ctx.state.user) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/on-behalf',
      tag: 'reports',
      summary: 'Staff file a report for a resident who phoned (电话) or walked in (来访); the channel is recorded',
      auth: ['grid_worker', 'grid_leader', 'dispatcher'],
      body: staffReportSchema,
      headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, required: true, description: 'Unique per filing; reuse it when retrying' } },
      responses: { 201: { description: 'Created', schema: reportSchema }, 200: { description: 'A retry', schema: reportSchema } },
      errors: [400, 401, 403],
    },
    async (ctx, { body }) => {
      const key = parseOrThrow(z.object({ 'idempotency-key': idempotencyKeySchema }), { 'idempotency-key': ctx.get('idempotency-key') || undefined })['idempotency-key'];
      const { report, created } = await fileOnBehalf(deps, ctx.state.user, body, key);
      return { status: created ? 201 : 200, body: report };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/nearby',
      tag: 'reports',
      summary:
        'Open reports of a category near a point, filed recently (default 100 m, 7 days), to join one instead of filing. Residents get coarse answers (category, distance band, status, age; at most 300 m; rate-limited per hour); staff also get number, first words and metres',
      auth: 'user',
      query: nearbyQuerySchema,
      responses: { 200: { description: 'Nearest first, at most 10', schema: nearbyListSchema } },
      errors: [400, 401, 429],
    },
    async (ctx, { query }) => {
      limitLocationQueries(ctx.state.user, ctx.ip);
      return { body: { items: await nearbyReports(deps, ctx.state.user, query) } };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/:id/join',
      tag: 'reports',
      summary: "我也遇到了: follow an open report instead of filing a duplicate, from within about 300 m of it (the joiner's own position). Followers get status pushes, never the report's location, words or media, and do not rate",
      auth: ['resident'],
      params: idParams,
      body: joinReportSchema,
      responses: { 200: { description: 'The report, now followed (as a follower sees it)', schema: reportSchema } },
      errors: [400, 401, 403, 404, 409, 429],
    },
    async (ctx, { params, body }) => {
      limitLocationQueries(ctx.state.user, ctx.ip);
      return { body: await joinReport(deps, ctx.state.user, params.id, body) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/:id/feedback',
      tag: 'reports',
      summary: "A follower's 评价 of a resolved report, once per round: staff see it; the reporter's rating alone decides the outcome",
      auth: ['resident'],
      params: idParams,
      body: followerFeedbackSchema,
      responses: { 200: { description: 'The report as the follower sees it', schema: reportSchema } },
      errors: [400, 401, 404, 409],
    },
    async (ctx, { params, body }) => ({ body: await leaveFeedback(deps, ctx.state.user, params.id, body) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/:id',
      tag: 'reports',
      summary: 'One report with its timeline, category, grid chain, SLA deadlines and the actions the caller may take',
      auth: 'user',
      params: idParams,
      responses: { 200: { description: 'The report', schema: reportSchema } },
      errors: [401, 404],
    },
    async (ctx, { params }) => ({ body: await getReport(deps, ctx.state.user, params.id) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/:id/actions',
      tag: 'reports',
      summary: 'A staff action from the shared transition table: assign, reassign, accept, return, resolve, reopen, close, merge (with intoId)',
      auth: ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler', 'admin', 'resident'],
      params: idParams,
      body: reportActionSchema,
      headers: { 'Idempotency-Key': { schema: idempotencyKeySchema, required: false, description: 'Set by clients that queue actions offline: a replay with the same key answers the report as it is' } },
      responses: { 200: { description: 'The report after the action', schema: reportSchema } },
      errors: [400, 401, 403, 404, 409],
    },
    async (ctx, { params, body }) => {
      const raw = ctx.get('idempotency-key') || undefined;
      const key = raw === undefined ? undefined : parseOrThrow(z.object({ key: idempotencyKeySchema }), { key: raw }).key;
      return { body: await actOnReport(deps, ctx.state.user, params.id, body, key) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/:id/candidates',
      tag: 'reports',
      summary: 'Who a leader or dispatcher may reassign the report to: the workers of its grid and the leaders above it',
      auth: ['grid_leader', 'dispatcher', 'admin'],
      params: idParams,
      responses: { 200: { description: 'Candidates', schema: candidateListSchema } },
      errors: [401, 403, 404],
    },
    async (ctx, { params }) => ({ body: { items: await reassignCandidates(deps, ctx.state.user, params.id) } }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/:id/rating',
      tag: 'reports',
      summary: "The resident's rating of a resolved report: ≥ 3 closes it, ≤ 2 reopens and escalates it",
      auth: 'user',
      params: idParams,
      body: ratingSchema,
      responses: { 200: { description: 'The report after the rating', schema: reportSchema } },
      errors: [400, 401, 403, 404, 409],
    },
    async (ctx, { params, body }) => ({ body: await rateReport(deps, ctx.state.user, params.id, body) }),
  );
  return router;
}
