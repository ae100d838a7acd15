import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { extensionDecisionSchema, orderNoParamsSchema, visitSchema, workOrderInSchema, workOrderViewSchema } from '@linli/shared';
import { UnauthenticatedError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { ApiKeys } from '../open311/api-keys';
import type { User } from '../users/users.repository';
import { decideExtension, findOrder, receiveWorkOrder, recordVisit } from './work-orders';
import { toWorkOrderView } from './work-order-view';

const apiKeyHeader = { 'X-Api-Key': { schema: z.string(), required: true, description: 'A hotline key (POST /api/v1/admin/api-keys with scope hotline)' } };

/**
 * The 12345 work-order exchange (GB/T 33358): the hotline hands orders in (转办), reads the street's answers —
 * 签收, 退回 with the reason, 延期 requests, the 办结 reply — and sends its 延期 decisions and 回访评价 back.
 */
export function hotlineRouter(s: Services, keys: ApiKeys, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/hotline' });
  const deps = s.reportDeps;

  // The key is checked before anything else, so a caller without one learns nothing about the input.
  const clients = new WeakMap<Context, { user: User; gridCode: string | null }>();
  router.use(async (ctx, next) => {
    const found = await keys.client(ctx.get('X-Api-Key') || undefined, 'hotline');
    if (!found) throw new UnauthenticatedError('缺少或无效的12345接口密钥', 'API_KEY_INVALID');
    s.limiter.hit(`hotline:${String(found.user._id)}`, s.config.RATE_LIMIT_OPEN311_PER_MIN);
    clients.set(ctx, found);
    await next();
  });
  const client = (ctx: Context) => clients.get(ctx)!;

  const common = { tag: 'hotline', auth: 'public' as const, headers: apiKeyHeader };
  const answer = { 200: { description: 'The work order as it stands', schema: workOrderViewSchema } };

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: 'post',
      path: '/work-orders',
      summary: '转办: receive a 12345 work order; routed like a resident’s report, carrying its deadline. The same orderNo again is the same order',
      body: workOrderInSchema,
      responses: { 201: { description: 'Received', schema: workOrderViewSchema }, 200: { description: 'Received before: the order as it stands', schema: workOrderViewSchema } },
      errors: [400, 401, 429],
    },
    async (ctx, { body }) => {
      const { user, gridCode } = client(ctx);
      const { order, created } = await receiveWorkOrder(deps, user, gridCode, body);
      return { status: created ? 201 : 200, body: order };
    },
  );

  defineRoute(
    router,
    registry,
    { ...common, method: 'get', path: '/work-orders/:orderNo', summary: 'The street’s answers so far: 签收, 退回 with the reason, 延期 request, 办结 reply, 回访评价', params: orderNoParamsSchema, responses: answer, errors: [401, 404, 429] },
    async (ctx, { params }) => {
      const { user } = client(ctx);
      return { body: toWorkOrderView(await findOrder(deps, user, params.orderNo)) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: 'post',
      path: '/work-orders/:orderNo/extension',
      summary: '12345 approves or refuses the street’s pending 延期 request; approval moves the deadline to the date asked for',
      params: orderNoParamsSchema,
      body: extensionDecisionSchema,
      responses: answer,
      errors: [400, 401, 404, 409, 429],
    },
    async (ctx, { params, body }) => {
      const { user } = client(ctx);
      return { body: await decideExtension(deps, user, params.orderNo, body) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      ...common,
      method: 'post',
      path: '/work-orders/:orderNo/visit',
      summary: '回访评价 of a 办结 order: 满意 / 基本满意 close it, 不满意 reopens it (重办) and raises supervision',
      params: orderNoParamsSchema,
      body: visitSchema,
      responses: answer,
      errors: [400, 401, 404, 409, 429],
    },
    async (ctx, { params, body }) => {
      const { user } = client(ctx);
      return { body: await recordVisit(deps, user, params.orderNo, body) };
    },
  );
  return router;
}
